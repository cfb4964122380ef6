using AttentionCourse.Attention;
using static TorchSharp.torch;

namespace AttentionCourse.Cost;

/// <summary>
/// The forward pass of <see cref="MultiheadAttention"/> written out with every matrix product going through a
/// <see cref="MatmulCounter"/>, so its FLOPs are measured rather than assumed. Same weights, same output
/// (tested). Unmasked, no dropout. Used in chapter 03 to set the count beside <see cref="MultiheadAttention.Flops"/>.
/// </summary>
public static class CountedMultiheadAttention
{
    /// <summary>Computes Concat(head_1..head_h) W^O with head_i = softmax(Q_i K_i^T / sqrt(d_k)) V_i, counting the matmuls.</summary>
    /// <param name="mha">The module whose weights are used (E = kdim = vdim).</param>
    /// <param name="query">Queries (B, T, E).</param>
    /// <param name="key">Keys (B, S, E).</param>
    /// <param name="value">Values (B, S, E).</param>
    /// <param name="counter">Receives the multiply-adds.</param>
    /// <returns>Output (B, T, E).</returns>
    public static Tensor forward(MultiheadAttention mha, Tensor query, Tensor key, Tensor value, MatmulCounter counter)
    {
        using var scope = NewDisposeScope();
        var (B, T, S, E, h, dk) = (query.shape[0], query.shape[1], key.shape[1], mha.embed_dim, mha.num_heads, mha.head_dim);
        Tensor W(int i) => mha.in_proj_weight!.narrow(0, i * E, E);             // (E, E)
        Tensor? b(int i) => mha.in_proj_bias?.narrow(0, i * E, E);              // (E)
        var q = counter.linear(query, W(0), b(0)).view(B, T, h, dk).transpose(1, 2); // (B, h, T, d_k)
        var k = counter.linear(key, W(1), b(1)).view(B, S, h, dk).transpose(1, 2);   // (B, h, S, d_k)
        var v = counter.linear(value, W(2), b(2)).view(B, S, h, dk).transpose(1, 2); // (B, h, S, d_k)
        var weights = (counter.matmul(q, k.transpose(-2, -1)) / Math.Sqrt(dk)).softmax(-1); // (B, h, T, S)
        var heads = counter.matmul(weights, v).transpose(1, 2).reshape(B, T, E); // (B, T, E)
        return counter.linear(heads, mha.out_proj.weight!, mha.out_proj.bias).MoveToOuterDisposeScope(); // (B, T, E)
    }
}
