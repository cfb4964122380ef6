namespace AttentionCourse.Recommendation;

/// <summary>
/// The count baselines of chapter 17, fitted on the training items only: popularity (how often each item was
/// interacted with) and first-order transitions (how often j followed i), backed off to popularity to break ties.
/// </summary>
public sealed class CountRecommenders
{
    /// <summary>Interactions per item id.</summary>
    public double[] Popularity { get; }
    /// <summary>Transitions[i][j]: how often j directly followed i.</summary>
    public double[][] Transitions { get; }

    /// <summary>Counts items and consecutive pairs in <paramref name="sequences"/>.</summary>
    /// <param name="sequences">Training item ids per user.</param>
    /// <param name="numItems">Items N.</param>
    public CountRecommenders(IReadOnlyList<int[]> sequences, int numItems)
    {
        Popularity = new double[numItems + 1];
        Transitions = Enumerable.Range(0, numItems + 1).Select(_ => new double[numItems + 1]).ToArray();
        foreach (var s in sequences)
            for (int t = 0; t < s.Length; t++)
            {
                Popularity[s[t]]++;
                if (t > 0) Transitions[s[t - 1]][s[t]]++;
            }
    }

    /// <summary>Scores by popularity (the same for every history); index 0 is −∞.</summary>
    /// <param name="history">Ignored.</param>
    public double[] ScorePopularity(IReadOnlyList<int> history) => Padded(i => Popularity[i]);

    /// <summary>Scores by transitions from the last item, plus popularity / (1 + total count) to order the rest; index 0 is −∞.</summary>
    /// <param name="history">Item ids so far (at least one).</param>
    public double[] ScoreTransition(IReadOnlyList<int> history)
    {
        var row = Transitions[history[^1]];
        double scale = 1.0 / (1 + Popularity.Sum());
        return Padded(i => row[i] + Popularity[i] * scale);
    }

    double[] Padded(Func<int, double> score)
    {
        var s = new double[Popularity.Length];
        s[0] = double.NegativeInfinity;
        for (int i = 1; i < s.Length; i++) s[i] = score(i);
        return s;
    }
}
