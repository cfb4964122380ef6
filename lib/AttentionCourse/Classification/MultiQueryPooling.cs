using AttentionCourse.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Classification;

/// <summary>
/// Attention pooling with r learned queries, each reading its own head of E/r features (the multi-head form of Lin et
/// al. 2017's r "hops"): for head k, s_kt = q_k · (W_k h_t)_k / √(E/r), α_k = masked softmax(s_k), and
/// pooled_k = Σ_t α_kt (h_t)_k; the heads are concatenated back to E features. Each head can look for a different kind
/// of evidence. Padding gets exactly zero weight. Used in chapter 09.
/// </summary>
public sealed class MultiQueryPooling : nn.Module<Tensor, Tensor, (Tensor pooled, Tensor weights)>
{
    /// <summary>The r learned queries, (r, E/r).</summary>
    public readonly Parameter queries;
    /// <summary>The key projection W_k: E -> E (no bias).</summary>
    public readonly Linear key_proj;
    /// <summary>Width E.</summary>
    public readonly long embed_dim;
    /// <summary>Number of queries (heads) r.</summary>
    public readonly long num_queries;

    /// <summary>Creates the queries q_k ~ N(0, r/E) and W_k.</summary>
    /// <param name="embed_dim">Width E of the token vectors; a multiple of <paramref name="num_queries"/>.</param>
    /// <param name="num_queries">Number of queries r.</param>
    public MultiQueryPooling(long embed_dim, long num_queries) : base(nameof(MultiQueryPooling))
    {
        if (num_queries < 1 || embed_dim % num_queries != 0)
            throw new ArgumentException($"The width {embed_dim} must be a positive multiple of the number of queries {num_queries}.");
        (this.embed_dim, this.num_queries) = (embed_dim, num_queries);
        var d = embed_dim / num_queries;
        queries = nn.Parameter(randn(num_queries, d) / Math.Sqrt(d));
        key_proj = nn.Linear(embed_dim, embed_dim, hasBias: false);
        RegisterComponents();
    }

    /// <summary>Pools each sequence with every query.</summary>
    /// <param name="h">Token vectors (B, T, E).</param>
    /// <param name="mask">(B, T), true = a real token.</param>
    /// <returns>pooled (B, E) and the weights (B, r, T), each row summing to 1 over the real tokens.</returns>
    public override (Tensor pooled, Tensor weights) forward(Tensor h, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var (b, t) = (h.shape[0], h.shape[1]);
        var d = embed_dim / num_queries;
        var keys = key_proj.forward(h).view(b, t, num_queries, d).transpose(1, 2);      // (B, r, T, d)
        var scores = keys.matmul(queries.unsqueeze(-1)).squeeze(-1) / Math.Sqrt(d);    // (B, r, T)
        var weights = MaskedSoftmax.forward(scores, mask.unsqueeze(1).expand(b, num_queries, t)); // (B, r, T)
        var values = h.view(b, t, num_queries, d).transpose(1, 2);                    // (B, r, T, d)
        var pooled = weights.unsqueeze(2).matmul(values).squeeze(2).reshape(b, embed_dim); // (B, r, 1, d) -> (B, E)
        return (pooled.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }
}
