using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>
/// Luong's "general" (bilinear) score a(q, k) = q^T W k (Luong et al. 2015, eq. 8), one learned matrix W
/// of shape (d_q, d_k). With W = I it is the dot score. Used in chapter 02.
/// </summary>
public sealed class BilinearScore : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>The bilinear form W, (query_size, key_size), initialised uniformly in +-1/sqrt(key_size).</summary>
    public readonly Parameter W;

    /// <summary>Creates W.</summary>
    /// <param name="query_size">Query feature size d_q.</param>
    /// <param name="key_size">Key feature size d_k.</param>
    public BilinearScore(long query_size, long key_size) : base(nameof(BilinearScore))
    {
        var bound = 1.0 / Math.Sqrt(key_size);
        W = nn.Parameter(empty(query_size, key_size).uniform_(-bound, bound));
        RegisterComponents();
    }

    /// <summary>Scores S = Q W K^T.</summary>
    /// <param name="query">Queries (B, T, d_q).</param>
    /// <param name="key">Keys (B, S, d_k).</param>
    /// <returns>Scores (B, T, S).</returns>
    public override Tensor forward(Tensor query, Tensor key)
    {
        using var scope = NewDisposeScope();
        var qW = query.matmul(W);                                              // (B, T, d_k)
        return qW.matmul(key.transpose(-2, -1)).MoveToOuterDisposeScope();    // (B, T, S)
    }
}
