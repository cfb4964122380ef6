using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions to the exercises of chapter 02 (scoring functions and masking), verified in CI.</summary>
public static class Chapter02
{
    /// <summary>Exercise 2.1: Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V (Vaswani et al. 2017, eq. 1).</summary>
    /// <param name="query">Queries (..., T, d_k).</param>
    /// <param name="key">Keys (..., S, d_k).</param>
    /// <param name="value">Values (..., S, d_v).</param>
    /// <returns>Output (..., T, d_v).</returns>
    public static Tensor ScaledDotProductAttention(Tensor query, Tensor key, Tensor value)
    {
        using var scope = NewDisposeScope();
        var scores = query.matmul(key.transpose(-2, -1)) / Math.Sqrt(query.shape[^1]); // (..., T, S)
        return scores.softmax(-1).matmul(value).MoveToOuterDisposeScope();             // (..., T, d_v)
    }

    /// <summary>
    /// Exercise 2.2: softmax over the last axis that keeps only the first valid_lens[b] keys of batch row b;
    /// the other weights are exactly 0, and a row with length 0 is all zeros (no NaN).
    /// </summary>
    /// <param name="scores">Scores (B, T, S).</param>
    /// <param name="valid_lens">Lengths (B), integers in [0, S].</param>
    /// <returns>Weights (B, T, S).</returns>
    public static Tensor MaskedSoftmaxByLength(Tensor scores, Tensor valid_lens)
    {
        using var scope = NewDisposeScope();
        var S = scores.shape[^1];
        var keep = arange(S).unsqueeze(0).lt(valid_lens.to_type(ScalarType.Int64).unsqueeze(1)).unsqueeze(1); // (B, 1, S)
        var shifted = scores - scores.amax([-1], keepdim: true);               // any shift cancels; this one avoids overflow
        var e = shifted.exp().where(keep, 0.0);                                // (B, T, S), masked entries exactly 0
        var sum = e.sum(-1, keepdim: true).clamp_min(1e-30);                   // empty rows: 0 / tiny = 0
        return (e / sum).MoveToOuterDisposeScope();
    }

    /// <summary>Exercise 2.3: entropy -sum_j p_j ln p_j of each row of weights (..., S), with 0 ln 0 = 0.</summary>
    /// <param name="weights">Weights (..., S).</param>
    /// <returns>Entropies (...).</returns>
    public static Tensor Entropy(Tensor weights)
    {
        using var scope = NewDisposeScope();
        var terms = (weights * weights.log()).nan_to_num(0.0);                 // 0 * -inf = NaN -> 0
        return (-terms.sum(-1)).MoveToOuterDisposeScope();
    }
}
