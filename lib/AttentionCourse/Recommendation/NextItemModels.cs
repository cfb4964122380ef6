using AttentionCourse.Attention;
using AttentionCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiheadAttention = AttentionCourse.Attention.MultiheadAttention;

namespace AttentionCourse.Recommendation;

/// <summary>
/// A next-item model of chapter 17: maps a left-padded history (B, T) to one hidden state per position (B, T, d); the
/// score of item i after position t is F_t · M_i with the shared item embedding M (Kang and McAuley 2018, Eq. 7).
/// </summary>
public abstract class NextItemModel : nn.Module<Tensor, Tensor>
{
    /// <summary>Item embeddings M (N + 1, d); row 0 is padding.</summary>
    public readonly Embedding item_emb;

    /// <summary>Creates the shared item table.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="num_items">Items N (ids 1..N).</param>
    /// <param name="embed_dim">Width d.</param>
    protected NextItemModel(string name, long num_items, long embed_dim) : base(name)
    {
        item_emb = nn.Embedding(num_items + 1, embed_dim, padding_idx: 0);
        using var _ = no_grad();
        // N(0, 1/d) instead of nn.Embedding's N(0, 1): scores F·M start near 1 in size, not near d, so training starts
        // from a sane loss (with N(0, 1) the first cross-entropy was about 24 nats against ln 200 = 5.3).
        nn.init.normal_(item_emb.weight!, 0, 1 / Math.Sqrt(embed_dim));
        item_emb.weight![0].zero_();
    }

    /// <summary>Scores of every item after every position: F (B, T, d) · Mᵀ → (B, T, N + 1), padding item at −∞.</summary>
    /// <param name="seq">Item ids (B, T), 0 = padding on the left.</param>
    public Tensor Logits(Tensor seq)
    {
        using var scope = NewDisposeScope();
        var logits = forward(seq).matmul(item_emb.weight!.t());                     // (B, T, N + 1)
        var pad = zeros(logits.shape[^1], dtype: ScalarType.Bool, device: logits.device);
        pad[0] = true;
        return logits.masked_fill(pad, double.NegativeInfinity).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// The mean-pooling baseline of chapter 17: F_t = W · mean(M_{s_1}, …, M_{s_t}) + b over the real items so far, no
/// order and no positions (the linear map lets "a follows b" differ from "b follows a").
/// </summary>
public sealed class MeanPoolingRecommender : NextItemModel
{
    /// <summary>The projection W, b (d → d).</summary>
    public readonly Linear proj;

    /// <summary>Creates the model.</summary>
    /// <param name="num_items">Items N.</param>
    /// <param name="embed_dim">Width d; default 32.</param>
    public MeanPoolingRecommender(long num_items, long embed_dim = 32) : base(nameof(MeanPoolingRecommender), num_items, embed_dim)
    {
        proj = nn.Linear(embed_dim, embed_dim);
        RegisterComponents();
    }

    /// <summary>Causal running means of the real items' embeddings, projected.</summary>
    /// <param name="seq">(B, T) left-padded ids.</param>
    /// <returns>(B, T, d).</returns>
    public override Tensor forward(Tensor seq)
    {
        using var scope = NewDisposeScope();
        var e = item_emb.forward(seq);                                              // (B, T, d), 0 on padding
        var count = seq.ne(0).cumsum(1).clamp_min(1).unsqueeze(-1).to(e.dtype);    // (B, T, 1)
        return proj.forward(e.cumsum(1) / count).MoveToOuterDisposeScope();        // (B, T, d)
    }
}

/// <summary>Settings of <see cref="SasRec"/>; defaults are chapter 17's.</summary>
/// <param name="NumItems">Items N (ids 1..N).</param>
/// <param name="MaxLen">History slots T (positions); default 30.</param>
/// <param name="EmbedDim">Width d; default 32 (the paper uses 50).</param>
/// <param name="NumBlocks">Self-attention blocks; default 2 (the paper's).</param>
/// <param name="NumHeads">Heads; default 1 (the paper's).</param>
/// <param name="Dropout">Dropout; default 0.2 (the paper's for MovieLens-1M).</param>
public sealed record SasRecConfig(int NumItems, int MaxLen = 30, int EmbedDim = 32, int NumBlocks = 2, int NumHeads = 1,
    double Dropout = 0.2);

/// <summary>
/// One SASRec block (Kang and McAuley 2018, section III-B/C): causal self-attention and a point-wise feed-forward
/// network of width d, each as x + Dropout(Sublayer(LayerNorm(x))) (the paper's Eq. 4 residual form), padding kept at 0.
/// Reuses the course's <see cref="MultiheadAttention"/>, <see cref="FeedForward"/> and <see cref="Masks.Causal"/>.
/// </summary>
public sealed class SasRecBlock : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Causal self-attention.</summary>
    public readonly MultiheadAttention self_attn;
    /// <summary>Point-wise FFN d → d → d with ReLU.</summary>
    public readonly FeedForward ff;
    /// <summary>LayerNorms before the two sublayers.</summary>
    public readonly LayerNorm norm1, norm2;
    readonly Dropout drop;
    readonly KeptWeights kept = new();

    /// <summary>Keep the attention weights of each forward; default false.</summary>
    public bool need_weights { get; set; }
    /// <summary>Weights (B, h, T, T) of the latest forward when kept.</summary>
    public Tensor? attention_weights => kept.Value;

    /// <summary>Creates the block.</summary>
    /// <param name="embed_dim">Width d.</param>
    /// <param name="num_heads">Heads.</param>
    /// <param name="dropout">Dropout on weights, FFN and sublayer outputs.</param>
    public SasRecBlock(long embed_dim, long num_heads, double dropout) : base(nameof(SasRecBlock))
    {
        self_attn = new MultiheadAttention(embed_dim, num_heads, dropout);
        ff = new FeedForward(embed_dim, embed_dim, dropout);
        (norm1, norm2) = (nn.LayerNorm(embed_dim), nn.LayerNorm(embed_dim));
        drop = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>One block.</summary>
    /// <param name="x">(B, T, d).</param>
    /// <param name="real">(B, T) true at real items.</param>
    /// <returns>(B, T, d), 0 at padding.</returns>
    public override Tensor forward(Tensor x, Tensor real)
    {
        using var scope = NewDisposeScope();
        var h = norm1.forward(x);
        var causal = Masks.Causal(x.shape[1], device: x.device);                   // (T, T)
        var (a, w) = self_attn.forward(h, h, h, real, causal, need_weights: need_weights);
        if (need_weights) kept.Set(w);
        x = x + drop.forward(a);
        x = x + drop.forward(ff.forward(norm2.forward(x)));
        return (x * real.unsqueeze(-1)).MoveToOuterDisposeScope();                 // (B, T, d)
    }
}

/// <summary>
/// SASRec (Kang and McAuley 2018): item embeddings scaled by √d plus learned position embeddings, dropout, stacked
/// causal self-attention blocks, a final LayerNorm; F_t predicts item t + 1. Used in chapters 17 and 21.
/// </summary>
public sealed class SasRec : NextItemModel
{
    /// <summary>The settings.</summary>
    public readonly SasRecConfig config;
    /// <summary>Position embeddings P (T, d).</summary>
    public readonly Embedding pos_emb;
    /// <summary>The blocks.</summary>
    public readonly ModuleList<SasRecBlock> blocks;
    /// <summary>Final LayerNorm.</summary>
    public readonly LayerNorm norm;
    readonly Dropout drop;

    /// <summary>Creates the model.</summary>
    /// <param name="config">Settings.</param>
    public SasRec(SasRecConfig config) : base(nameof(SasRec), config.NumItems, config.EmbedDim)
    {
        this.config = config;
        pos_emb = nn.Embedding(config.MaxLen, config.EmbedDim);
        blocks = nn.ModuleList(Enumerable.Range(0, config.NumBlocks)
            .Select(_ => new SasRecBlock(config.EmbedDim, config.NumHeads, config.Dropout)).ToArray());
        norm = nn.LayerNorm(config.EmbedDim);
        drop = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <summary>Keep every block's attention weights on the next forward; default false.</summary>
    public bool need_weights
    {
        get => blocks.All(b => b.need_weights);
        set { foreach (var b in blocks) b.need_weights = value; }
    }

    /// <summary>F (B, T, d) for a left-padded history.</summary>
    /// <param name="seq">(B, T) ids, T ≤ MaxLen, 0 = padding on the left.</param>
    /// <returns>(B, T, d).</returns>
    public override Tensor forward(Tensor seq)
    {
        using var scope = NewDisposeScope();
        var real = seq.ne(0);                                                       // (B, T)
        var positions = arange(seq.shape[1], device: seq.device);                   // (T)
        var x = item_emb.forward(seq) * Math.Sqrt(config.EmbedDim) + pos_emb.forward(positions); // (B, T, d)
        x = drop.forward(x) * real.unsqueeze(-1);                                   // padding stays 0
        foreach (var block in blocks) x = block.forward(x, real);                   // (B, T, d)
        return norm.forward(x).MoveToOuterDisposeScope();                           // (B, T, d)
    }
}
