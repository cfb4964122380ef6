using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions to the exercises of chapter 01 (attention as a weighted average), verified in CI.</summary>
public static class Chapter01
{
    /// <summary>
    /// Exercise 1.1: Gaussian attention weights alpha_ij = exp(-u_ij^2 / 2) / sum_j' exp(-u_ij'^2 / 2) with
    /// u_ij = (q_i - k_j) / h, written with exp and a sum rather than softmax.
    /// </summary>
    /// <param name="queries">Queries (Q).</param>
    /// <param name="keys">Keys (N).</param>
    /// <param name="width">Width h &gt; 0.</param>
    /// <returns>Weights (Q, N), rows summing to 1.</returns>
    public static Tensor GaussianWeights(Tensor queries, Tensor keys, double width)
    {
        using var scope = NewDisposeScope();
        var u = (queries.unsqueeze(1) - keys.unsqueeze(0)) / width;           // (Q, N)
        var logits = -u.square() / 2;
        var k = (logits - logits.amax([-1], keepdim: true)).exp();            // shift so exp never underflows to all zeros
        return (k / k.sum(-1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Exercise 1.2: leave-one-out Gaussian predictions yhat_i = sum_{j != i} alpha_ij y_j, where training point i
    /// attends to every other training point (its own weight set to 0 before normalising).
    /// </summary>
    /// <param name="x">Training inputs (N).</param>
    /// <param name="y">Training targets (N).</param>
    /// <param name="width">Width h &gt; 0.</param>
    /// <returns>Predictions (N).</returns>
    public static Tensor LeaveOneOutPredictions(Tensor x, Tensor y, double width)
    {
        using var scope = NewDisposeScope();
        var u = (x.unsqueeze(1) - x.unsqueeze(0)) / width;                   // (N, N)
        var others = eye(x.shape[0], device: x.device).eq(0);                 // (N, N), false on the diagonal
        var logits = (-u.square() / 2).where(others, double.NegativeInfinity);
        var k = (logits - logits.amax([-1], keepdim: true)).exp();            // diagonal: exp(-inf) = 0
        var weights = k / k.sum(-1, keepdim: true);                           // (N, N)
        return weights.matmul(y).MoveToOuterDisposeScope();                   // (N)
    }

    /// <summary>
    /// Exercise 1.3: boxcar attention weights, alpha_ij = 1/|W_i| for keys in the window W_i = {j : |q_i - k_j| &lt;= h}
    /// and 0 elsewhere; a query with an empty window gets an all-zero row (no NaN).
    /// </summary>
    /// <param name="queries">Queries (Q).</param>
    /// <param name="keys">Keys (N).</param>
    /// <param name="width">Width h &gt; 0.</param>
    /// <returns>Weights (Q, N).</returns>
    public static Tensor BoxcarWeights(Tensor queries, Tensor keys, double width)
    {
        using var scope = NewDisposeScope();
        var inside = (queries.unsqueeze(1) - keys.unsqueeze(0)).abs().le(width).to(queries.dtype); // (Q, N)
        var count = inside.sum(-1, keepdim: true).clamp_min(1);               // (Q, 1); empty rows divide 0 by 1
        return (inside / count).MoveToOuterDisposeScope();
    }
}
