namespace AttentionCourse.Interpretability;

/// <summary>
/// Spearman's rank correlation ρ: the Pearson correlation of the ranks, with tied values sharing the mean of the
/// ranks they span (the "fractional ranking" convention of SciPy's <c>spearmanr</c>). Abnar &amp; Zuidema (2020,
/// table 1) compare attention with importance scores this way. Used in chapter 20.
/// </summary>
public static class Spearman
{
    /// <summary>
    /// Ranks 1..n from smallest to largest; a run of k equal values at ranks r..r+k−1 gets (2r + k − 1)/2 each.
    /// Example: [10, 20, 20, 5] → [2, 3.5, 3.5, 1].
    /// </summary>
    /// <param name="values">The values to rank (no NaN).</param>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        int n = values.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
        var ranks = new double[n];
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) end++;
            double shared = (start + end) / 2.0 + 1;                 // mean of the 1-based ranks start+1 .. end+1
            for (int k = start; k <= end; k++) ranks[order[k]] = shared;
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>
    /// ρ(x, y) = Pearson(rank(x), rank(y)) = Σ (r_i − r̄)(s_i − s̄) / sqrt(Σ (r_i − r̄)² Σ (s_i − s̄)²).
    /// NaN when either side is constant (no ranking to correlate), as SciPy returns.
    /// </summary>
    /// <param name="x">First scores, n values.</param>
    /// <param name="y">Second scores, the same n items.</param>
    public static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values and y has {y.Count}.");
        if (x.Count < 2) return double.NaN;
        var (r, s) = (Ranks(x), Ranks(y));
        double rm = r.Average(), sm = s.Average(), cov = 0, vr = 0, vs = 0;
        for (int i = 0; i < r.Length; i++)
        {
            cov += (r[i] - rm) * (s[i] - sm);
            vr += (r[i] - rm) * (r[i] - rm);
            vs += (s[i] - sm) * (s[i] - sm);
        }
        return vr == 0 || vs == 0 ? double.NaN : cov / Math.Sqrt(vr * vs);
    }

    /// <summary>
    /// Mean and standard deviation of ρ over examples, each example compared over its first <c>lengths[i]</c> items
    /// (its real tokens); examples where ρ is undefined (a constant side) are skipped and counted.
    /// </summary>
    /// <param name="x">Per example, one score per position (padding beyond the length is ignored).</param>
    /// <param name="y">Per example, the scores to compare with.</param>
    /// <param name="lengths">Real length of each example.</param>
    /// <returns>Mean ρ, its standard deviation over examples, and how many examples were defined.</returns>
    public static (double Mean, double Std, int Defined) MeanOverExamples(IReadOnlyList<float[]> x, IReadOnlyList<float[]> y,
        IReadOnlyList<int> lengths)
    {
        var rhos = new List<double>();
        for (int i = 0; i < x.Count; i++)
        {
            var rho = Correlation(x[i].Take(lengths[i]).Select(v => (double)v).ToArray(),
                                  y[i].Take(lengths[i]).Select(v => (double)v).ToArray());
            if (!double.IsNaN(rho)) rhos.Add(rho);
        }
        if (rhos.Count == 0) return (double.NaN, double.NaN, 0);
        double mean = rhos.Average();
        return (mean, Math.Sqrt(rhos.Sum(v => (v - mean) * (v - mean)) / rhos.Count), rhos.Count);
    }
}
