using static TorchSharp.torch;

namespace AttentionCourse.Interpretability;

/// <summary>
/// Jensen-Shannon divergence between distributions, JSD(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m) with m = ½ (p + q),
/// in nats (natural log), so 0 ≤ JSD ≤ ln 2 ≈ 0.693; 0 log 0 counts as 0. Jain &amp; Wallace (2019, section 4)
/// measure how far an adversarial attention distribution moved with it. Used in chapter 20.
/// </summary>
public static class JensenShannon
{
    /// <summary>The largest possible value, ln 2 (two distributions with disjoint supports).</summary>
    public static readonly double Max = Math.Log(2);

    /// <summary>JSD over the last dimension.</summary>
    /// <param name="p">Distributions (..., n), each summing to 1 over the last dimension.</param>
    /// <param name="q">Distributions of the same shape.</param>
    /// <returns>(...): one divergence per distribution.</returns>
    public static Tensor Divergence(Tensor p, Tensor q)
    {
        using var scope = NewDisposeScope();
        var m = 0.5 * (p + q);                                                  // (..., n)
        return (0.5 * KlTerms(p, m) + 0.5 * KlTerms(q, m)).sum(-1).MoveToOuterDisposeScope();   // (...)
    }

    /// <summary>a log(a / b) element by element, 0 where a = 0 (where b = 0 too, as in m above).</summary>
    static Tensor KlTerms(Tensor a, Tensor b)
    {
        var positive = a.gt(0);
        var ratio = where(positive, a / where(positive, b, ones_like(b)), ones_like(a));  // 1 where a = 0: log 1 = 0
        return a * ratio.log();
    }
}
