using static TorchSharp.torch;

namespace AttentionCourse.Efficient;

/// <summary>
/// The three ways chapter 19 computes the same softmax attention, by name: "naive" (the explicit T × S score matrix,
/// then softmax, then the weighted sum), "chunked" (<see cref="ChunkedAttention"/>) and "fused" (TorchSharp's
/// <c>scaled_dot_product_attention</c>, LibTorch's own kernel). Used by the chapter and the benchmarks.
/// </summary>
public static class AttentionPaths
{
    /// <summary>The names, in the order the chapter shows them.</summary>
    public static readonly string[] Names = ["naive", "chunked", "fused"];

    /// <summary>softmax(Q Kᵀ / √d) V with the full score matrix: (..., T, S) scores and weights both exist.</summary>
    /// <param name="q">(..., T, d).</param>
    /// <param name="k">(..., S, d).</param>
    /// <param name="v">(..., S, d_v).</param>
    public static Tensor Naive(Tensor q, Tensor k, Tensor v)
    {
        using var scope = NewDisposeScope();
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]);       // (..., T, S)
        return scores.softmax(-1).matmul(v).MoveToOuterDisposeScope();              // (..., T, d_v)
    }

    /// <summary>Runs the path named <paramref name="name"/> (no mask, not causal).</summary>
    /// <param name="name">"naive", "chunked" or "fused".</param>
    /// <param name="q">(..., T, d).</param>
    /// <param name="k">(..., S, d).</param>
    /// <param name="v">(..., S, d_v).</param>
    /// <param name="chunk_size">Keys per block of the chunked path; default 512.</param>
    /// <param name="query_chunk_size">Queries per block of the chunked path; 0 (the default): as many as keys.</param>
    public static Tensor Run(string name, Tensor q, Tensor k, Tensor v, long chunk_size = 512, long query_chunk_size = 0) =>
        name switch
    {
        "naive" => Naive(q, k, v),
        "chunked" => ChunkedAttention.Compute(q, k, v, chunk_size, query_chunk_size: query_chunk_size),
        "fused" => nn.functional.scaled_dot_product_attention(q, k, v),
        _ => throw new ArgumentException($"Unknown attention path '{name}': use naive, chunked or fused.", nameof(name)),
    };
}
