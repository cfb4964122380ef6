using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions of the chapter 13 exercises (notebooks/13-vision-transformer.ipynb).</summary>
public static class Chapter13
{
    /// <summary>Exercise 13.1: cut (B, 1, S, S) grey images into flattened P × P patches, row by row of patches.</summary>
    /// <param name="x">(B, 1, S, S).</param>
    /// <param name="patch">P.</param>
    /// <returns>(B, (S/P)², P·P).</returns>
    public static Tensor Patches(Tensor x, int patch)
    {
        long b = x.shape[0], g = x.shape[2] / patch;
        return x.reshape(b, g, patch, g, patch)      // (B, row, i, column, j)
            .transpose(2, 3)                         // (B, row, column, i, j)
            .reshape(b, g * g, patch * patch);       // (B, N, P·P)
    }

    /// <summary>Exercise 13.2: the cosine similarity of every pair of position embeddings, E E^T / (|e_i| |e_j|).</summary>
    /// <param name="e">(N, D) embeddings.</param>
    /// <returns>(N, N), ones on the diagonal.</returns>
    public static Tensor CosineSimilarities(Tensor e)
    {
        var unit = e / e.norm(1, keepdim: true);     // (N, D) rows of length 1
        return unit.matmul(unit.t());                // (N, N)
    }

    /// <summary>
    /// Exercise 13.3: attention rollout of one layer with residual weight 0.5: average the heads, add the identity,
    /// halve, renormalise the rows: Â = normalise(0.5 mean_h A + 0.5 I).
    /// </summary>
    /// <param name="a">(B, h, T, T) one layer's attention.</param>
    /// <returns>(B, T, T).</returns>
    public static Tensor OneLayerRollout(Tensor a)
    {
        var mixed = 0.5 * a.mean([1]) + 0.5 * eye(a.shape[^1], dtype: a.dtype);   // (B, T, T)
        return mixed / mixed.sum(-1, keepdim: true);
    }
}
