using AttentionCourse.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MultiheadAttention = AttentionCourse.Attention.MultiheadAttention;

namespace AttentionCourse.Transformer;

/// <summary>
/// One Transformer encoder layer (Vaswani et al. 2017, section 3.1): self-attention then a feed-forward
/// network, each wrapped in a residual connection and LayerNorm. Post-LN (the paper, PyTorch's default):
/// x = LN(x + Sublayer(x)). Pre-LN (<c>norm_first</c>, Xiong et al. 2020): x = x + Sublayer(LN(x)).
/// Names follow PyTorch's <c>TransformerEncoderLayer</c>. Used in chapter 05.
/// </summary>
public sealed class TransformerEncoderBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>The self-attention layer.</summary>
    public readonly MultiheadAttention self_attn;
    /// <summary>The position-wise feed-forward network.</summary>
    public readonly FeedForward ff;
    /// <summary>LayerNorms around the attention and the feed-forward sublayers.</summary>
    public readonly LayerNorm norm1, norm2;
    readonly Dropout dropout1, dropout2;
    readonly KeptWeights kept = new();

    /// <summary>Pre-LN when true, post-LN when false.</summary>
    public readonly bool norm_first;
    /// <summary>Keep the per-head weights (explicit attention); false takes the fused kernel. Default true.</summary>
    public bool need_weights { get; set; } = true;
    /// <summary>Self-attention weights (B, h, T, T) of the latest forward, for plotting; null if not kept.</summary>
    public Tensor? attention_weights => kept.Value;

    /// <summary>Creates the layer.</summary>
    /// <param name="embed_dim">Model width E.</param>
    /// <param name="num_heads">Number of heads.</param>
    /// <param name="dim_feedforward">Feed-forward hidden width.</param>
    /// <param name="dropout">Dropout on attention weights, sublayer outputs and the FFN; default 0.1 (the paper's).</param>
    /// <param name="norm_first">Pre-LN; default false (post-LN, as the paper and PyTorch).</param>
    public TransformerEncoderBlock(long embed_dim, long num_heads, long dim_feedforward, double dropout = 0.1,
        bool norm_first = false) : base(nameof(TransformerEncoderBlock))
    {
        self_attn = new MultiheadAttention(embed_dim, num_heads, dropout);
        ff = new FeedForward(embed_dim, dim_feedforward, dropout);
        (norm1, norm2) = (nn.LayerNorm(embed_dim), nn.LayerNorm(embed_dim));
        (dropout1, dropout2) = (nn.Dropout(dropout), nn.Dropout(dropout));
        this.norm_first = norm_first;
        RegisterComponents();
    }

    /// <summary>Encodes without a mask.</summary>
    public override Tensor forward(Tensor x) => forward(x, null);

    /// <summary>Self-attention and FFN sublayers with residuals.</summary>
    /// <param name="x">(B, T, E).</param>
    /// <param name="key_mask">Optional (B, T), true = a real token.</param>
    /// <returns>(B, T, E).</returns>
    public Tensor forward(Tensor x, Tensor? key_mask)
    {
        using var scope = NewDisposeScope();
        if (norm_first)
        {
            x = x + dropout1.forward(SelfAttention(norm1.forward(x), key_mask));
            x = x + dropout2.forward(ff.forward(norm2.forward(x)));
        }
        else
        {
            x = norm1.forward(x + dropout1.forward(SelfAttention(x, key_mask)));
            x = norm2.forward(x + dropout2.forward(ff.forward(x)));
        }
        return x.MoveToOuterDisposeScope();
    }

    Tensor SelfAttention(Tensor x, Tensor? key_mask)
    {
        var (output, weights) = self_attn.forward(x, x, x, key_mask, need_weights: need_weights);
        kept.Set(weights);
        return output;
    }
}
