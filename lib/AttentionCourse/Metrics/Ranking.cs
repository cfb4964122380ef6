namespace AttentionCourse.Metrics;

/// <summary>
/// Ranking metrics for recommendation (chapters 16, 17 and 21): AUC over scored examples, and hit rate and NDCG at k
/// over the rank of each user's one held-out item.
/// </summary>
public static class Ranking
{
    /// <summary>
    /// Area under the ROC curve: the probability that a random positive scores above a random negative, a tie counting
    /// one half (the Mann-Whitney U statistic over n⁺ n⁻ pairs), computed from mid-ranks in O(n log n).
    /// </summary>
    /// <param name="scores">One score per example; higher means more likely positive.</param>
    /// <param name="labels">True for positives, as many as scores.</param>
    public static double Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        if (scores.Count != labels.Count)
            throw new ArgumentException($"AUC needs one label per score: {scores.Count} scores, {labels.Count} labels.", nameof(labels));
        if (scores.Any(double.IsNaN)) throw new ArgumentException("AUC is undefined for NaN scores.", nameof(scores));
        long positives = labels.LongCount(l => l), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException($"AUC needs both classes: {positives} positives and {negatives} negatives.", nameof(labels));
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;   // sum of the positives' mid-ranks (1-based); tied scores share the mean of their ranks
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            double midRank = (start + end) / 2.0 + 1;
            for (int j = start; j <= end; j++) if (labels[order[j]]) rankSum += midRank;
            start = end + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>HR@k: the share of users whose held-out item is ranked k or better.</summary>
    /// <param name="ranks">Each user's 1-based rank of the held-out item.</param>
    /// <param name="k">Cut-off, at least 1.</param>
    public static double HitRateAtK(IReadOnlyList<int> ranks, int k) => Mean(ranks, k, _ => 1.0);

    /// <summary>
    /// NDCG@k with one relevant item per user: 1 / log2(rank + 1) when rank ≤ k, else 0, averaged over users (the ideal
    /// DCG is 1, the relevant item at rank 1).
    /// </summary>
    /// <param name="ranks">Each user's 1-based rank of the held-out item.</param>
    /// <param name="k">Cut-off, at least 1.</param>
    public static double NdcgAtK(IReadOnlyList<int> ranks, int k) => Mean(ranks, k, rank => 1.0 / Math.Log2(rank + 1));

    static double Mean(IReadOnlyList<int> ranks, int k, Func<int, double> gain)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "The cut-off k must be at least 1.");
        if (ranks.Count == 0) throw new ArgumentException("Ranking metrics need at least one user's rank.", nameof(ranks));
        if (ranks.Any(r => r < 1))
            throw new ArgumentException($"Ranks are 1-based; got {ranks.First(r => r < 1)}.", nameof(ranks));
        return ranks.Average(r => r <= k ? gain(r) : 0.0);
    }
}
