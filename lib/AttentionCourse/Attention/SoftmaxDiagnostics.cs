using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>
/// Measures of how peaked a row of attention weights is, and how much gradient the softmax lets through.
/// Chapter 02 uses them to show why unscaled dot products saturate the softmax as d_k grows
/// (Vaswani et al. 2017, section 3.2.1, footnote 4).
/// </summary>
public static class SoftmaxDiagnostics
{
    /// <summary>
    /// Entropy H(p) = -sum_j p_j ln p_j over the last axis, in nats, with 0 ln 0 = 0 (so masked weights, which are
    /// exactly 0, contribute nothing and an all-zero row has entropy 0). Uniform weights over S keys give ln S;
    /// a one-hot row gives 0.
    /// </summary>
    /// <param name="weights">Weights (..., S), each row summing to 1 or all zero.</param>
    /// <returns>Entropies (...).</returns>
    public static Tensor Entropy(Tensor weights)
    {
        using var scope = NewDisposeScope();
        var positive = weights.gt(0);
        var logs = weights.where(positive, 1.0).log();                        // ln 1 = 0 where p = 0
        return (-(weights * logs).sum(-1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Frobenius norm of the softmax Jacobian J = diag(p) - p p^T at weights p, in closed form:
    /// ||J||_F^2 = sum_i p_i^2 - 2 sum_i p_i^3 + (sum_i p_i^2)^2. It tends to 0 as p becomes one-hot, which is
    /// how a saturated softmax stops passing gradient back to the scores.
    /// </summary>
    /// <param name="weights">Softmax outputs p (..., S).</param>
    /// <returns>Norms (...).</returns>
    public static Tensor JacobianNorm(Tensor weights)
    {
        using var scope = NewDisposeScope();
        var p2 = weights.square().sum(-1);                                    // (...)
        var p3 = weights.pow(3).sum(-1);                                      // (...)
        return (p2 - 2 * p3 + p2.square()).clamp_min(0).sqrt().MoveToOuterDisposeScope();
    }
}
