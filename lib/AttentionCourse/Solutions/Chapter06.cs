using AttentionCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions to the exercises of chapter 06 (Attention bugs that look like success), verified in CI.</summary>
public static class Chapter06
{
    /// <summary>Exercise 6.1: the causal mask M_ij = (j &lt;= i), (T, T), true = attend: the diagonal included, the future excluded.</summary>
    /// <param name="T">Sequence length.</param>
    public static Tensor CausalMask(long T) => Masks.Causal(T);

    /// <summary>
    /// Exercise 6.2: the fix of bug 1, masking BEFORE the softmax: softmax(scores with masked entries set to -inf)
    /// over the last axis. (Rows with no allowed key would give NaN here; the library's MaskedSoftmax returns zeros.)
    /// </summary>
    /// <param name="scores">Scores (..., T, S).</param>
    /// <param name="mask">Boolean (..., T, S), true = attend.</param>
    public static Tensor MaskedSoftmax(Tensor scores, Tensor mask) =>
        scores.masked_fill(mask.logical_not(), double.NegativeInfinity).softmax(-1);

    /// <summary>Exercise 6.3: softmax(Q K^T / sqrt(d_k)) V (Vaswani et al. 2017, eq. 1), fixing bugs 2-4 at once.</summary>
    /// <param name="q">Queries (..., T, d_k).</param>
    /// <param name="k">Keys (..., S, d_k).</param>
    /// <param name="v">Values (..., S, d_v).</param>
    /// <returns>(..., T, d_v).</returns>
    public static Tensor Attention(Tensor q, Tensor k, Tensor v)
    {
        using var scope = NewDisposeScope();
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]);   // (..., T, S)
        return scores.softmax(-1).matmul(v).MoveToOuterDisposeScope();           // (..., T, d_v)
    }
}
