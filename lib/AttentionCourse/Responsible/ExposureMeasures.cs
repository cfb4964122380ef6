namespace AttentionCourse.Responsible;

/// <summary>
/// What a round of recommendations does to the catalogue and to the users, measured on the slates shown (chapter 21):
/// the Gini coefficient of item exposure, catalogue coverage, homogenisation (mean Jaccard overlap of different users'
/// slates, as in Chaney et al. 2018, section 4) and the users' true utility relative to the oracle's slate.
/// </summary>
public static class ExposureMeasures
{
    /// <summary>How many times each item appears across the slates, (N).</summary>
    /// <param name="slates">One slate of item ids per user.</param>
    /// <param name="items">Catalogue size N.</param>
    public static double[] Exposure(IEnumerable<IReadOnlyList<int>> slates, int items)
    {
        var counts = new double[items];
        foreach (var slate in slates) foreach (var i in slate) counts[i]++;
        return counts;
    }

    /// <summary>
    /// Gini coefficient G = Σ_i Σ_j |x_i − x_j| / (2 n Σ_i x_i), computed from the sorted values as
    /// G = 2 Σ_i i x_(i) / (n Σ x) − (n + 1) / n (i = 1..n ascending). 0 when every item gets the same exposure,
    /// (n − 1) / n when one item gets all of it.
    /// </summary>
    /// <param name="x">Non-negative values (exposure counts), not all zero.</param>
    public static double Gini(IReadOnlyList<double> x)
    {
        if (x.Count == 0) throw new ArgumentException("The Gini coefficient needs at least one value.", nameof(x));
        if (x.Any(v => v < 0 || double.IsNaN(v))) throw new ArgumentException("The Gini coefficient needs non-negative values.", nameof(x));
        double total = x.Sum();
        if (total == 0) throw new ArgumentException("The Gini coefficient is undefined when every value is 0.", nameof(x));
        var sorted = x.OrderBy(v => v).ToArray();
        double weighted = sorted.Select((v, i) => (i + 1) * v).Sum();
        int n = sorted.Length;
        return 2 * weighted / (n * total) - (n + 1.0) / n;
    }

    /// <summary>Catalogue coverage: the share of the N items shown to at least one user.</summary>
    /// <param name="slates">One slate per user.</param>
    /// <param name="items">Catalogue size N.</param>
    public static double Coverage(IEnumerable<IReadOnlyList<int>> slates, int items) =>
        slates.SelectMany(s => s).Distinct().Count() / (double)items;

    /// <summary>Jaccard similarity |A ∩ B| / |A ∪ B| of two slates (1 for two empty sets).</summary>
    public static double Jaccard(IReadOnlyCollection<int> a, IReadOnlyCollection<int> b)
    {
        var union = a.Union(b).Count();
        return union == 0 ? 1 : a.Intersect(b).Count() / (double)union;
    }

    /// <summary>
    /// Homogenisation: the mean Jaccard similarity over all pairs of different users' slates; 1 when everyone sees the
    /// same list, near k / N for independent random slates of size k.
    /// </summary>
    /// <param name="slates">At least two slates.</param>
    public static double MeanJaccard(IReadOnlyList<IReadOnlyList<int>> slates)
    {
        if (slates.Count < 2) throw new ArgumentException("Homogenisation needs at least two users' slates.", nameof(slates));
        var sets = slates.Select(s => s.ToHashSet()).ToArray();
        double sum = 0;
        long pairs = 0;
        for (int a = 0; a < sets.Length; a++)
            for (int b = a + 1; b < sets.Length; b++, pairs++)
            {
                int common = sets[a].Count(sets[b].Contains);
                int union = sets[a].Count + sets[b].Count - common;
                sum += union == 0 ? 1 : common / (double)union;
            }
        return sum / pairs;
    }

    /// <summary>
    /// Relative utility of one user's slate: the mean true utility of its items divided by that of the oracle's slate of
    /// the same size (1 = as good as knowing the user's true preferences).
    /// </summary>
    /// <param name="population">The world with the true utilities.</param>
    /// <param name="user">The user.</param>
    /// <param name="slate">The items shown.</param>
    /// <param name="seen">Items the user has already clicked (the oracle does not show them again).</param>
    public static double RelativeUtility(Population population, int user, IReadOnlyList<int> slate, IReadOnlyCollection<int> seen)
    {
        var ideal = population.IdealSlate(user, seen, slate.Count);
        return slate.Average(i => population.Utility[user, i]) / ideal.Average(i => population.Utility[user, i]);
    }
}
