using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>
/// Softmax over the last axis that gives masked positions a weight of exactly 0.
/// <para>
/// Mask convention for the whole course: a boolean mask is <c>true</c> where a query MAY attend to a key
/// (the same as TorchSharp's <c>scaled_dot_product_attention</c>; PyTorch's <c>key_padding_mask</c> is the
/// opposite, true = ignore). The mask is applied to the scores BEFORE the softmax: masking after it leaves
/// rows that no longer sum to 1 (a bug chapter 06 measures).
/// </para>
/// <para>
/// A fully masked row (a query with nothing to attend to, e.g. valid length 0) gets all-zero weights,
/// hence a zero output vector, never NaN.
/// </para>
/// </summary>
public static class MaskedSoftmax
{
    /// <summary>
    /// w_ij = exp(s_ij - m_i) / sum_{j' : mask_ij'} exp(s_ij' - m_i) where mask_ij is true, and w_ij = 0 where it is
    /// false; m_i is the row maximum over unmasked entries. No mask: the plain stable softmax. Used in chapters 02-05.
    /// </summary>
    /// <param name="scores">Attention scores (..., T, S).</param>
    /// <param name="mask">Boolean mask broadcastable to (..., T, S), true = attend; null = attend everywhere.</param>
    public static Tensor forward(Tensor scores, Tensor? mask)
    {
        if (mask is null) return scores.softmax(-1);
        using var scope = NewDisposeScope();
        var filled = scores.masked_fill(mask.logical_not(), double.NegativeInfinity);
        var rowMax = filled.amax([-1], keepdim: true);                      // (..., T, 1)
        rowMax = rowMax.masked_fill(rowMax.isinf(), 0.0);                     // a fully masked row has max -inf
        var e = (filled - rowMax).exp();                                      // exp(-inf) = 0 exactly
        var sum = e.sum(-1, keepdim: true);                                   // (..., T, 1)
        return (e / sum.masked_fill(sum.eq(0), 1.0)).MoveToOuterDisposeScope(); // 0 / 1 = 0 for empty rows
    }

    /// <summary>
    /// The d2l form: softmax over the last axis keeping only the first <c>valid_lens</c> keys of each row
    /// (mask_ij = j &lt; valid_len). Length 0 gives an all-zero row. Used in chapters 01-02.
    /// </summary>
    /// <param name="scores">Attention scores (B, T, S) or (B, h, T, S).</param>
    /// <param name="valid_lens">Integer lengths, (B) for one length per batch row, or (B, T) for one per query.</param>
    public static Tensor forward_valid_lens(Tensor scores, Tensor valid_lens)
    {
        using var scope = NewDisposeScope();
        var mask = LengthsToMask(valid_lens, scores.dim(), scores.shape[^1]);
        return forward(scores, mask).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Turns valid lengths into a boolean key mask, mask[..., j] = j &lt; len, shaped to broadcast against
    /// scores of rank <paramref name="scoreRank"/>: (B) gives (B, 1, ..., 1, S); (B, T) gives (B, 1, ..., T, S).
    /// Used in chapters 02 and 05.
    /// </summary>
    /// <param name="valid_lens">Lengths (B) or (B, T).</param>
    /// <param name="scoreRank">Rank of the scores the mask will meet, at least 2 (3 for (B, T, S), 4 for (B, h, T, S)).</param>
    /// <param name="S">Number of keys.</param>
    public static Tensor LengthsToMask(Tensor valid_lens, long scoreRank, long S)
    {
        using var scope = NewDisposeScope();
        var B = valid_lens.shape[0];
        var positions = arange(S, device: valid_lens.device);                  // (S)
        var shape = Enumerable.Repeat(1L, (int)scoreRank).ToArray();          // (1, ..., 1)
        shape[0] = B;
        if (valid_lens.dim() == 2) shape[^2] = valid_lens.shape[1];           // (B, 1, ..., T, 1)
        var lens = valid_lens.to_type(ScalarType.Int64).reshape(shape);       // (B, ..., 1) or (B, ..., T, 1)
        return positions.lt(lens).MoveToOuterDisposeScope();                   // (B, ..., 1 or T, S)
    }
}
