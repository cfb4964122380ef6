using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>
/// Scaled dot-product attention, Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V (Vaswani et al. 2017, eq. 1),
/// with an explicit path that returns the weights and a switch to TorchSharp's fused
/// <c>scaled_dot_product_attention</c>, which returns no weights. Both agree to 1e-5 (tested). Fused is not always
/// faster: for a training step at T = 64 on a 2-core CPU the explicit path was (tests/AttentionCourse.Benchmarks, "training").
/// Masks follow <see cref="MaskedSoftmax"/>: true = attend; fully masked rows give a zero output. Used in chapters 02-05.
/// </summary>
public static class ScaledDotProductAttention
{
    /// <summary>
    /// Computes softmax(Q K^T / sqrt(d_k) with masked scores removed) V.
    /// Defaults: no mask, not causal, no dropout, explicit path.
    /// </summary>
    /// <param name="query">Queries (..., T, d_k), e.g. (B, h, T, d_k).</param>
    /// <param name="key">Keys (..., S, d_k).</param>
    /// <param name="value">Values (..., S, d_v).</param>
    /// <param name="mask">Boolean mask broadcastable to (..., T, S), true = attend; null = attend everywhere.</param>
    /// <param name="is_causal">If true, query i also may not attend to keys j &gt; i (top-left aligned, as in PyTorch).</param>
    /// <param name="dropout_p">Dropout probability on the weights; pass 0 in evaluation (as PyTorch's functional form).</param>
    /// <param name="fused">Use TorchSharp's fused kernel; the returned weights are then null.</param>
    /// <returns>Output (..., T, d_v) and weights (..., T, S) before dropout (null on the fused path).</returns>
    public static (Tensor output, Tensor? weights) forward(Tensor query, Tensor key, Tensor value,
        Tensor? mask = null, bool is_causal = false, double dropout_p = 0.0, bool fused = false)
    {
        using var scope = NewDisposeScope();
        if (is_causal) mask = Masks.Combine(mask, Masks.Causal(query.shape[^2], key.shape[^2], query.device));
        if (fused) return (Fused(query, key, value, mask, dropout_p).MoveToOuterDisposeScope(), null);

        var scores = Scores.ScaledDot(query, key);                             // (..., T, S)
        var weights = MaskedSoftmax.forward(scores, mask);                     // (..., T, S)
        var dropped = dropout_p > 0 ? nn.functional.dropout(weights, dropout_p, training: true) : weights;
        var output = dropped.matmul(value);                                    // (..., T, d_v)
        return (output.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }

    /// <summary>The fused kernel, with fully masked rows set to zero to match the explicit path's contract.</summary>
    static Tensor Fused(Tensor query, Tensor key, Tensor value, Tensor? mask, double dropout_p)
    {
        var output = nn.functional.scaled_dot_product_attention(query, key, value, mask, dropout_p);
        if (mask is null) return output;
        var anyKey = mask.any(-1, keepdim: true);                              // (..., T, 1)
        return output.where(anyKey, 0.0);                                      // older LibTorch returned NaN there (2.10 gives 0: chapter 02)
    }
}
