using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions to the exercises of chapter 08 (Transformer translation).</summary>
public static class Chapter08
{
    /// <summary>Exercise 8.1: the brevity penalty BP = 1 if c &gt; r, else exp(1 - r/c) (Papineni et al. 2002, section 2.2.2); 0 when c = 0.</summary>
    /// <param name="c">Total hypothesis length.</param>
    /// <param name="r">Total reference length.</param>
    public static double BrevityPenalty(long c, long r) => c == 0 ? 0 : c > r ? 1 : Math.Exp(1 - (double)r / c);

    /// <summary>Exercise 8.2: modified (clipped) unigram precision Σ_w min(count_hyp(w), count_ref(w)) / |hyp|.</summary>
    /// <param name="hypothesis">Hypothesis tokens.</param>
    /// <param name="reference">Reference tokens.</param>
    public static double ClippedUnigramPrecision(IReadOnlyList<string> hypothesis, IReadOnlyList<string> reference)
    {
        if (hypothesis.Count == 0) return 0;
        var refCounts = reference.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        var clipped = hypothesis.GroupBy(w => w).Sum(g => Math.Min(g.Count(), refCounts.GetValueOrDefault(g.Key)));
        return (double)clipped / hypothesis.Count;
    }

    /// <summary>
    /// Exercise 8.3: label-smoothed cross-entropy (Szegedy et al. 2016, section 7; Vaswani et al. 2017, section 5.4),
    /// mean over rows: the target distribution puts 1 - ε on the true class plus ε/V on every class, so
    /// loss = (1 - ε) · (-log p_y) + ε · mean_v(-log p_v).
    /// </summary>
    /// <param name="logits">Logits (N, V).</param>
    /// <param name="targets">Class ids (N), int64.</param>
    /// <param name="epsilon">Smoothing ε.</param>
    public static Tensor LabelSmoothedCrossEntropy(Tensor logits, Tensor targets, double epsilon)
    {
        var logp = logits.log_softmax(-1);                                               // (N, V)
        var nll = -logp.gather(1, targets.unsqueeze(1)).squeeze(1);                     // (N)
        var uniform = -logp.mean([-1]);                                                  // (N)
        return ((1 - epsilon) * nll + epsilon * uniform).mean();
    }
}
