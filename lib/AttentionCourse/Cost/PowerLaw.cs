namespace AttentionCourse.Cost;

/// <summary>
/// A power law y = c · x^p fitted by least squares on log y = log c + p log x (a straight line on a
/// log-log plot). The exponent p is the measured growth order: about 2 for a cost that is O(n^2).
/// Used in chapters 04 and 19 to compare measured times with Vaswani et al. 2017, Table 1.
/// </summary>
/// <param name="Exponent">The fitted exponent p (slope of log y against log x).</param>
/// <param name="Coefficient">The fitted coefficient c = exp(intercept).</param>
public sealed record PowerLaw(double Exponent, double Coefficient)
{
    /// <summary>The fitted curve at x: c · x^p.</summary>
    /// <param name="x">A positive x.</param>
    public double At(double x) => Coefficient * Math.Pow(x, Exponent);

    /// <summary>
    /// Ordinary least squares on (log x_i, log y_i): p = Σ (u_i - ū)(v_i - v̄) / Σ (u_i - ū)^2 with u = log x,
    /// v = log y; log c = v̄ - p ū.
    /// </summary>
    /// <param name="x">At least two distinct positive x values (e.g. sequence lengths).</param>
    /// <param name="y">As many positive y values (e.g. seconds).</param>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two points, x all equal, or a value is not positive.</exception>
    public static PowerLaw Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}.");
        if (x.Count < 2) throw new ArgumentException("A power-law fit needs at least two points.");
        if (x.Concat(y).Any(v => !(v > 0))) throw new ArgumentException("A log-log fit needs positive x and y.");
        var u = x.Select(a => Math.Log(a)).ToArray();
        var v = y.Select(a => Math.Log(a)).ToArray();
        double uMean = u.Average(), vMean = v.Average();
        double sxx = u.Sum(a => (a - uMean) * (a - uMean));
        if (sxx == 0) throw new ArgumentException("A power-law fit needs at least two distinct x values.");
        double sxy = u.Zip(v, (a, b) => (a - uMean) * (b - vMean)).Sum();
        var p = sxy / sxx;
        return new PowerLaw(p, Math.Exp(vMean - p * uMean));
    }
}
