using AttentionCourse.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiheadAttention = AttentionCourse.Attention.MultiheadAttention;

namespace AttentionCourse.Transformer;

/// <summary>
/// One Transformer decoder layer (Vaswani et al. 2017, section 3.1): causal (masked) self-attention,
/// cross-attention whose queries come from the decoder and keys/values from the encoder's memory, and a
/// feed-forward network; each with a residual and LayerNorm, post-LN or pre-LN (<c>norm_first</c>).
/// Names follow PyTorch's <c>TransformerDecoderLayer</c>. Used in chapter 05.
/// </summary>
public sealed class TransformerDecoderBlock : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Causal self-attention over the target.</summary>
    public readonly MultiheadAttention self_attn;
    /// <summary>Cross-attention from target queries to the encoder memory.</summary>
    public readonly MultiheadAttention cross_attn;
    /// <summary>The position-wise feed-forward network.</summary>
    public readonly FeedForward ff;
    /// <summary>LayerNorms around the three sublayers.</summary>
    public readonly LayerNorm norm1, norm2, norm3;
    readonly Dropout dropout1, dropout2, dropout3;
    readonly KeptWeights keptSelf = new(), keptCross = new();

    /// <summary>Pre-LN when true, post-LN when false.</summary>
    public readonly bool norm_first;
    /// <summary>Keep the per-head weights (explicit attention); false takes the fused kernel. Default true.</summary>
    public bool need_weights { get; set; } = true;
    /// <summary>Self-attention weights (B, h, T, T) of the latest forward; null if not kept.</summary>
    public Tensor? self_attention_weights => keptSelf.Value;
    /// <summary>Cross-attention weights (B, h, T, S) of the latest forward; null if not kept.</summary>
    public Tensor? cross_attention_weights => keptCross.Value;

    /// <summary>Creates the layer; arguments and defaults as <see cref="TransformerEncoderBlock"/>.</summary>
    /// <param name="embed_dim">Model width E.</param>
    /// <param name="num_heads">Number of heads.</param>
    /// <param name="dim_feedforward">Feed-forward hidden width.</param>
    /// <param name="dropout">Dropout; default 0.1.</param>
    /// <param name="norm_first">Pre-LN; default false.</param>
    public TransformerDecoderBlock(long embed_dim, long num_heads, long dim_feedforward, double dropout = 0.1,
        bool norm_first = false) : base(nameof(TransformerDecoderBlock))
    {
        self_attn = new MultiheadAttention(embed_dim, num_heads, dropout);
        cross_attn = new MultiheadAttention(embed_dim, num_heads, dropout);
        ff = new FeedForward(embed_dim, dim_feedforward, dropout);
        (norm1, norm2, norm3) = (nn.LayerNorm(embed_dim), nn.LayerNorm(embed_dim), nn.LayerNorm(embed_dim));
        (dropout1, dropout2, dropout3) = (nn.Dropout(dropout), nn.Dropout(dropout), nn.Dropout(dropout));
        this.norm_first = norm_first;
        RegisterComponents();
    }

    /// <summary>Decodes without padding masks (still causal).</summary>
    public override Tensor forward(Tensor x, Tensor memory) => forward(x, memory, null, null);

    /// <summary>Causal self-attention, cross-attention and FFN sublayers with residuals.</summary>
    /// <param name="x">Target (B, T, E).</param>
    /// <param name="memory">Encoder output (B, S, E).</param>
    /// <param name="tgt_key_mask">Optional (B, T), true = a real target token.</param>
    /// <param name="memory_key_mask">Optional (B, S), true = a real source token.</param>
    /// <returns>(B, T, E).</returns>
    public Tensor forward(Tensor x, Tensor memory, Tensor? tgt_key_mask, Tensor? memory_key_mask)
    {
        using var scope = NewDisposeScope();
        if (norm_first)
        {
            x = x + dropout1.forward(SelfAttention(norm1.forward(x), tgt_key_mask));
            x = x + dropout2.forward(CrossAttention(norm2.forward(x), memory, memory_key_mask));
            x = x + dropout3.forward(ff.forward(norm3.forward(x)));
        }
        else
        {
            x = norm1.forward(x + dropout1.forward(SelfAttention(x, tgt_key_mask)));
            x = norm2.forward(x + dropout2.forward(CrossAttention(x, memory, memory_key_mask)));
            x = norm3.forward(x + dropout3.forward(ff.forward(x)));
        }
        return x.MoveToOuterDisposeScope();
    }

    Tensor SelfAttention(Tensor x, Tensor? key_mask)
    {
        var (output, weights) = self_attn.forward(x, x, x, key_mask, is_causal: true, need_weights: need_weights);
        keptSelf.Set(weights);
        return output;
    }

    Tensor CrossAttention(Tensor x, Tensor memory, Tensor? key_mask)
    {
        var (output, weights) = cross_attn.forward(x, memory, memory, key_mask, need_weights: need_weights);
        keptCross.Set(weights);
        return output;
    }
}
