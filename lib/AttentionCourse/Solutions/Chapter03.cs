using AttentionCourse.Attention;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions to the exercises of chapter 03 (multi-head attention), verified in CI.</summary>
public static class Chapter03
{
    /// <summary>Exercise 3.1: split the model width into h heads, (B, T, E) -> (B, h, T, d_k) with d_k = E / h; head i gets features [i d_k, (i+1) d_k).</summary>
    /// <param name="x">Projected queries, keys or values (B, T, E).</param>
    /// <param name="num_heads">Number of heads h, dividing E.</param>
    public static Tensor SplitHeads(Tensor x, long num_heads)
    {
        var (B, T, E) = (x.shape[0], x.shape[1], x.shape[2]);
        return x.view(B, T, num_heads, E / num_heads).transpose(1, 2);      // (B, h, T, d_k)
    }

    /// <summary>Exercise 3.2: the inverse of <see cref="SplitHeads"/>, (B, h, T, d_k) -> (B, T, h d_k), heads concatenated in order.</summary>
    /// <param name="x">Per-head outputs (B, h, T, d_k).</param>
    public static Tensor MergeHeads(Tensor x)
    {
        var (B, h, T, dk) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        return x.transpose(1, 2).reshape(B, T, h * dk);                        // (B, T, E)
    }

    /// <summary>
    /// Exercise 3.3: parameters of multi-head attention with width E and h heads, without biases: W^Q, W^K, W^V
    /// and W^O are each E x E, so 4E^2, whatever h is (Vaswani et al. 2017, section 3.2.2: d_k = E / h).
    /// </summary>
    /// <param name="embed_dim">Model width E.</param>
    /// <param name="num_heads">Number of heads h (does not change the count).</param>
    public static long ParametersWithoutBias(long embed_dim, long num_heads) => 4 * embed_dim * embed_dim;

    /// <summary>Exercise 3.4: self-attention by the library module with a causal mask, (B, T, E) -> (B, T, E).</summary>
    /// <param name="mha">The module.</param>
    /// <param name="x">Inputs (B, T, E).</param>
    public static Tensor CausalSelfAttention(MultiheadAttention mha, Tensor x) =>
        mha.forward(x, x, x, null, attn_mask: Masks.Causal(x.shape[1])).output;
}
