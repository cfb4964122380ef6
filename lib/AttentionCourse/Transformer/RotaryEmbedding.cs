using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Transformer;

/// <summary>
/// Rotary position embedding, RoPE (Su et al. 2021, RoFormer, eq. 34): each pair (x_2i, x_2i+1) of a query or
/// key at position m is rotated by the angle m theta_i, theta_i = base^(-2i/d). Then
/// (R_m q)^T (R_n k) = q^T R_(n-m) k depends only on the offset n - m. Applied to q and k, never to v.
/// Default base 10000. Used in chapter 04.
/// </summary>
public static class RotaryEmbedding
{
    /// <summary>Rotates every pair of features of x by its position's angles.</summary>
    /// <param name="x">Queries or keys (..., T, d), d even, e.g. (B, h, T, d_k).</param>
    /// <param name="start">Position of the first row; default 0 (a KV cache passes the cache length).</param>
    /// <param name="rope_base">The base of the frequencies; default 10000.</param>
    /// <returns>Rotated tensor, same shape.</returns>
    public static Tensor Apply(Tensor x, long start = 0, double rope_base = 10000.0)
    {
        using var scope = NewDisposeScope();
        var (T, d) = (x.shape[^2], x.shape[^1]);
        var theta = pow(rope_base, -arange(0, d, 2, dtype: float64) / d);    // (d/2)
        var m = arange(start, start + T, dtype: float64).unsqueeze(1);        // (T, 1)
        var angle = (m * theta).to(x.dtype).to(x.device);                     // (T, d/2)
        var (cos, sin) = (angle.cos(), angle.sin());
        var pairs = x.unflatten(x.dim() - 1, [d / 2, 2]);                            // (..., T, d/2, 2)
        var (x0, x1) = (pairs.select(-1, 0), pairs.select(-1, 1));            // (..., T, d/2) each
        var rotated = stack([x0 * cos - x1 * sin, x0 * sin + x1 * cos], dim: -1); // (..., T, d/2, 2)
        return rotated.flatten(-2).MoveToOuterDisposeScope();                 // (..., T, d)
    }
}
