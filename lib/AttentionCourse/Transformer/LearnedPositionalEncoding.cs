using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Transformer;

/// <summary>
/// Learned absolute positional embedding: x_t + p_t with p = Embedding(max_len, d) trained with the model
/// (as in BERT and GPT; Vaswani et al. 2017 report it performs about like the sinusoid). Used in chapter 04.
/// </summary>
public sealed class LearnedPositionalEncoding : nn.Module<Tensor, Tensor>
{
    /// <summary>The position table p, (max_len, embed_dim), initialised N(0, 1) as nn.Embedding does.</summary>
    public readonly Embedding position;
    readonly Dropout drop;

    /// <summary>Creates the table.</summary>
    /// <param name="embed_dim">Model width d.</param>
    /// <param name="max_len">Longest sequence supported; default 512.</param>
    /// <param name="dropout">Dropout after the addition; default 0.</param>
    public LearnedPositionalEncoding(long embed_dim, long max_len = 512, double dropout = 0.0)
        : base(nameof(LearnedPositionalEncoding))
    {
        position = nn.Embedding(max_len, embed_dim);
        drop = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>x + p[0..T), then dropout.</summary>
    /// <param name="x">Embeddings (B, T, d).</param>
    /// <returns>(B, T, d).</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var p = position.forward(arange(x.shape[1], device: x.device));      // (T, d)
        return drop.forward(x + p).MoveToOuterDisposeScope();                 // (B, T, d)
    }
}
