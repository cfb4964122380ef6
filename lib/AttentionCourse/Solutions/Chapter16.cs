using AttentionCourse.Metrics;
using AttentionCourse.Recommendation;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions of the chapter 16 exercises (notebooks/16-target-attention.ipynb).</summary>
public static class Chapter16
{
    /// <summary>Exercise 16.1: GAUC, the impression-weighted mean of per-user AUCs over users with both classes.</summary>
    /// <param name="scores">One score per impression.</param>
    /// <param name="labels">Clicks.</param>
    /// <param name="users">User of each impression.</param>
    public static double Gauc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, IReadOnlyList<int> users)
    {
        double sum = 0, weight = 0;
        foreach (var rows in Enumerable.Range(0, scores.Count).GroupBy(i => users[i]).Select(g => g.ToArray()))
        {
            var y = rows.Select(i => labels[i]).ToArray();
            if (y.All(l => l) || !y.Any(l => l)) continue;
            sum += rows.Length * Ranking.Auc(rows.Select(i => scores[i]).ToArray(), y);
            weight += rows.Length;
        }
        return sum / weight;
    }

    /// <summary>Exercise 16.2: the activation unit's input [e_h, e_t, e_h − e_t, e_h ⊙ e_t].</summary>
    /// <param name="e_h">History embeddings (B, L, d).</param>
    /// <param name="e_t">Candidate embedding (B, d).</param>
    /// <returns>(B, L, 4d).</returns>
    public static Tensor UnitFeatures(Tensor e_h, Tensor e_t)
    {
        var t = e_t.unsqueeze(1).expand(e_h.shape);                            // (B, L, d)
        return cat([e_h, t, e_h - t, e_h * t], 2);                              // (B, L, 4d)
    }

    /// <summary>Exercise 16.3: mean |w_τ| / Σ_j |w_j| over the impressions whose trigger is in the history.</summary>
    /// <param name="weights">One weight per history item, per impression.</param>
    /// <param name="impressions">The impressions, same order.</param>
    public static double TriggerShare(IReadOnlyList<float[]> weights, IReadOnlyList<Impression> impressions) =>
        Enumerable.Range(0, impressions.Count).Where(r => impressions[r].TriggerPosition >= 0)
            .Average(r => Math.Abs(weights[r][impressions[r].TriggerPosition]) / weights[r].Sum(w => Math.Abs(w)));
}
