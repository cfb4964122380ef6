using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Transformer;

/// <summary>
/// A stack of N <see cref="TransformerEncoderBlock"/>s, with a final LayerNorm when the blocks are pre-LN
/// (a pre-LN stack leaves its output unnormalised otherwise). Used in chapter 05.
/// </summary>
public sealed class TransformerEncoder : nn.Module<Tensor, Tensor>
{
    /// <summary>The blocks, bottom to top.</summary>
    public readonly ModuleList<TransformerEncoderBlock> layers;
    /// <summary>Final LayerNorm; null for post-LN blocks.</summary>
    public readonly LayerNorm? norm;

    /// <summary>Creates <paramref name="num_layers"/> blocks; other arguments as <see cref="TransformerEncoderBlock"/>.</summary>
    public TransformerEncoder(int num_layers, long embed_dim, long num_heads, long dim_feedforward,
        double dropout = 0.1, bool norm_first = false) : base(nameof(TransformerEncoder))
    {
        layers = nn.ModuleList(Enumerable.Range(0, num_layers)
            .Select(_ => new TransformerEncoderBlock(embed_dim, num_heads, dim_feedforward, dropout, norm_first)).ToArray());
        norm = norm_first ? nn.LayerNorm(embed_dim) : null;
        RegisterComponents();
    }

    /// <summary>Self-attention weights of every layer, each (B, h, T, T), from the latest forward.</summary>
    public IReadOnlyList<Tensor?> attention_weights => layers.Select(l => l.attention_weights).ToList();

    /// <summary>Sets <c>need_weights</c> on every block (false: fused attention, no weights kept).</summary>
    public bool need_weights { set { foreach (var l in layers) l.need_weights = value; } }

    /// <summary>Encodes without a mask.</summary>
    public override Tensor forward(Tensor x) => forward(x, null);

    /// <summary>Runs the blocks in order.</summary>
    /// <param name="x">(B, T, E).</param>
    /// <param name="key_mask">Optional (B, T), true = a real token.</param>
    /// <returns>(B, T, E).</returns>
    public Tensor forward(Tensor x, Tensor? key_mask)
    {
        using var scope = NewDisposeScope();
        foreach (var layer in layers) x = layer.forward(x, key_mask);
        if (norm is not null) x = norm.forward(x);
        return x.MoveToOuterDisposeScope();
    }
}

/// <summary>A stack of N <see cref="TransformerDecoderBlock"/>s, final LayerNorm when pre-LN. Used in chapter 05.</summary>
public sealed class TransformerDecoder : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>The blocks, bottom to top.</summary>
    public readonly ModuleList<TransformerDecoderBlock> layers;
    /// <summary>Final LayerNorm; null for post-LN blocks.</summary>
    public readonly LayerNorm? norm;

    /// <summary>Creates <paramref name="num_layers"/> blocks; other arguments as <see cref="TransformerDecoderBlock"/>.</summary>
    public TransformerDecoder(int num_layers, long embed_dim, long num_heads, long dim_feedforward,
        double dropout = 0.1, bool norm_first = false) : base(nameof(TransformerDecoder))
    {
        layers = nn.ModuleList(Enumerable.Range(0, num_layers)
            .Select(_ => new TransformerDecoderBlock(embed_dim, num_heads, dim_feedforward, dropout, norm_first)).ToArray());
        norm = norm_first ? nn.LayerNorm(embed_dim) : null;
        RegisterComponents();
    }

    /// <summary>Causal self-attention weights of every layer, each (B, h, T, T).</summary>
    public IReadOnlyList<Tensor?> self_attention_weights => layers.Select(l => l.self_attention_weights).ToList();
    /// <summary>Cross-attention weights of every layer, each (B, h, T, S).</summary>
    public IReadOnlyList<Tensor?> cross_attention_weights => layers.Select(l => l.cross_attention_weights).ToList();

    /// <summary>Decodes without padding masks (still causal).</summary>
    public override Tensor forward(Tensor x, Tensor memory) => forward(x, memory, null, null);

    /// <summary>Runs the blocks in order.</summary>
    /// <param name="x">Target (B, T, E).</param>
    /// <param name="memory">Encoder output (B, S, E).</param>
    /// <param name="tgt_key_mask">Optional (B, T), true = a real target token.</param>
    /// <param name="memory_key_mask">Optional (B, S), true = a real source token.</param>
    /// <returns>(B, T, E).</returns>
    public Tensor forward(Tensor x, Tensor memory, Tensor? tgt_key_mask, Tensor? memory_key_mask)
    {
        using var scope = NewDisposeScope();
        foreach (var layer in layers) x = layer.forward(x, memory, tgt_key_mask, memory_key_mask);
        if (norm is not null) x = norm.forward(x);
        return x.MoveToOuterDisposeScope();
    }
}
