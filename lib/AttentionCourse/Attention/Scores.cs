using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>
/// Parameter-free scoring functions a(q, k) for a batch of queries (..., T, d) against keys (..., S, d),
/// each returning scores (..., T, S). The learned scores are modules: <see cref="AdditiveAttention"/> and
/// <see cref="BilinearScore"/>. Used in chapter 02.
/// </summary>
public static class Scores
{
    /// <summary>Dot-product score a(q, k) = q^T k (Luong et al. 2015, "dot"), as the product Q K^T.</summary>
    /// <param name="query">Queries (..., T, d).</param>
    /// <param name="key">Keys (..., S, d).</param>
    public static Tensor Dot(Tensor query, Tensor key) =>
        query.matmul(key.transpose(-2, -1));                                  // (..., T, d) x (..., d, S) = (..., T, S)

    /// <summary>
    /// Scaled dot-product score a(q, k) = q^T k / sqrt(d_k) (Vaswani et al. 2017, eq. 1). The scale keeps the
    /// variance of the score near 1 when q and k have unit-variance entries.
    /// </summary>
    /// <param name="query">Queries (..., T, d_k).</param>
    /// <param name="key">Keys (..., S, d_k).</param>
    public static Tensor ScaledDot(Tensor query, Tensor key)
    {
        using var scope = NewDisposeScope();
        return (Dot(query, key) / Math.Sqrt(query.shape[^1])).MoveToOuterDisposeScope(); // (..., T, S)
    }

    /// <summary>
    /// Cosine score a(q, k) = q^T k / (|q| |k|), in [-1, 1] whatever the vector lengths.
    /// Norms are clamped at 1e-8 so a zero vector scores 0, not NaN.
    /// </summary>
    /// <param name="query">Queries (..., T, d).</param>
    /// <param name="key">Keys (..., S, d).</param>
    public static Tensor Cosine(Tensor query, Tensor key)
    {
        using var scope = NewDisposeScope();
        var qHat = query / query.norm(-1, keepdim: true).clamp_min(1e-8);     // (..., T, d)
        var kHat = key / key.norm(-1, keepdim: true).clamp_min(1e-8);         // (..., S, d)
        return Dot(qHat, kHat).MoveToOuterDisposeScope();                     // (..., T, S)
    }
}
