namespace AttentionCourse.Solutions;

/// <summary>Reference solutions of the chapter 21 exercises (notebooks/21-responsible-use.ipynb).</summary>
public static class Chapter21
{
    /// <summary>Exercise 21.1: the Gini coefficient from its definition, G = Σ_i Σ_j |x_i − x_j| / (2 N Σ_i x_i).</summary>
    /// <param name="x">Exposure counts, not all zero.</param>
    public static double Gini(double[] x)
    {
        double differences = 0;
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < x.Length; j++) differences += Math.Abs(x[i] - x[j]);
        return differences / (2.0 * x.Length * x.Sum());
    }

    /// <summary>Exercise 21.2: homogenisation, the mean Jaccard similarity |A ∩ B| / |A ∪ B| over all pairs of different users' slates.</summary>
    /// <param name="slates">One slate per user, at least two.</param>
    public static double MeanJaccard(int[][] slates)
    {
        var sets = slates.Select(s => s.ToHashSet()).ToArray();
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < sets.Length; a++)
            for (int b = a + 1; b < sets.Length; b++, pairs++)
                sum += sets[a].Intersect(sets[b]).Count() / (double)sets[a].Union(sets[b]).Count();
        return sum / pairs;
    }

    /// <summary>
    /// Exercise 21.3: the explanation as shown, the weights of the 3 non-padding, non-sensitive items of the window with
    /// the largest weights, largest first.
    /// </summary>
    /// <param name="weights">Attention over the window, (L).</param>
    /// <param name="items">The window's items, (L), −1 for padding.</param>
    /// <param name="sensitive">Items never named.</param>
    public static double[] Shown(float[] weights, int[] items, Func<int, bool> sensitive) =>
        Enumerable.Range(0, items.Length).Where(j => items[j] >= 0 && !sensitive(items[j]))
            .Select(j => (double)weights[j]).OrderByDescending(w => w).Take(3).ToArray();
}
