namespace AttentionCourse.Responsible;

/// <summary>Draws from a Dirichlet distribution by normalising Gamma(α_k, 1) draws. Used by <see cref="Population"/>.</summary>
internal static class Dirichlet
{
    /// <summary>One draw x ~ Dir(α): x_k = g_k / Σ g, g_k ~ Gamma(α_k, 1).</summary>
    public static double[] Sample(double[] alpha, Random random)
    {
        var g = alpha.Select(a => Gamma(a, random)).ToArray();
        double sum = g.Sum();
        return g.Select(x => x / sum).ToArray();
    }

    /// <summary>
    /// Gamma(α, 1) by Marsaglia and Tsang (2000, "A simple method for generating gamma variables"); for α &lt; 1 the
    /// boost Gamma(α) = Gamma(α + 1) U^(1/α).
    /// </summary>
    public static double Gamma(double alpha, Random random)
    {
        if (alpha < 1) return Gamma(alpha + 1, random) * Math.Pow(random.NextDouble(), 1 / alpha);
        double d = alpha - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do { x = Normal(random); v = 1 + c * x; } while (v <= 0);
            v = v * v * v;
            double u = random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
