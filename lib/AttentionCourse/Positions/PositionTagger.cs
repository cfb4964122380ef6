using AttentionCourse.Attention;
using AttentionCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Positions;

/// <summary>How <see cref="PositionTagger"/> tells positions apart.</summary>
public enum PositionKind
{
    /// <summary>Not at all: the model is permutation equivariant.</summary>
    None,
    /// <summary>Fixed sinusoids added to the embeddings (Vaswani et al. 2017, section 3.5).</summary>
    Sinusoidal,
    /// <summary>A learned table of max_len vectors added to the embeddings (BERT, GPT).</summary>
    Learned,
    /// <summary>Queries and keys rotated by their positions (RoPE, Su et al. 2021).</summary>
    Rotary,
}

/// <summary>
/// Chapter 04's position experiment: one single-head self-attention layer that tags every token of a sequence,
/// logits_t = W_2 relu(W_1 z_t), z = h + W_O softmax(Q K^T / sqrt(d)) V, h = embed(x) (+ positions).
/// Everything but <see cref="PositionKind"/> is the same across the variants, so a difference in accuracy is
/// the positions' doing. Default width 32.
/// </summary>
public sealed class PositionTagger : nn.Module<Tensor, Tensor>
{
    readonly Embedding embed;
    readonly Linear W_Q, W_K, W_V, W_O, W_1, W_2;
    readonly SinusoidalPositionalEncoding? sinusoid;
    readonly LearnedPositionalEncoding? learned;
    readonly KeptWeights kept = new();

    /// <summary>How this tagger encodes positions.</summary>
    public readonly PositionKind positions;

    /// <summary>Keep the attention weights of each forward for plotting (PyTorch's flag name); default false.</summary>
    public bool need_weights { get; set; }

    /// <summary>Attention weights (B, T, T) of the latest forward when <see cref="need_weights"/>; else null.</summary>
    public Tensor? attention_weights => kept.Value;

    /// <summary>Creates the tagger.</summary>
    /// <param name="vocab_size">Number of tokens V (inputs and tags).</param>
    /// <param name="positions">The position encoding.</param>
    /// <param name="embed_dim">Width d; default 32.</param>
    /// <param name="max_len">Rows of the learned table (and of the sinusoid table); default 64.</param>
    public PositionTagger(long vocab_size, PositionKind positions, long embed_dim = 32, long max_len = 64)
        : base(nameof(PositionTagger))
    {
        embed = nn.Embedding(vocab_size, embed_dim);
        (W_Q, W_K, W_V, W_O) = (nn.Linear(embed_dim, embed_dim), nn.Linear(embed_dim, embed_dim),
            nn.Linear(embed_dim, embed_dim), nn.Linear(embed_dim, embed_dim));
        (W_1, W_2) = (nn.Linear(embed_dim, 2 * embed_dim), nn.Linear(2 * embed_dim, vocab_size));
        if (positions == PositionKind.Sinusoidal) sinusoid = new SinusoidalPositionalEncoding(embed_dim, max_len: max_len);
        if (positions == PositionKind.Learned) learned = new LearnedPositionalEncoding(embed_dim, max_len);
        this.positions = positions;
        RegisterComponents();
    }

    /// <summary>Tags every position.</summary>
    /// <param name="x">Token ids (B, T).</param>
    /// <returns>Logits (B, T, V).</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = embed.forward(x);                                             // (B, T, d)
        if (sinusoid is not null) h = sinusoid.forward(h);                     // + PE[0..T)
        if (learned is not null) h = learned.forward(h);                       // + P[0..T)
        var (q, k, v) = (W_Q.forward(h), W_K.forward(h), W_V.forward(h));      // (B, T, d) each
        if (positions == PositionKind.Rotary) (q, k) = (RotaryEmbedding.Apply(q), RotaryEmbedding.Apply(k));
        var scores = q.matmul(k.transpose(1, 2)) / Math.Sqrt(h.shape[^1]);    // (B, T, T)
        var weights = scores.softmax(-1);                                     // (B, T, T), rows sum to 1
        kept.Set(need_weights ? weights : null);
        var z = h + W_O.forward(weights.matmul(v));                           // (B, T, d), residual
        return W_2.forward(nn.functional.relu(W_1.forward(z))).MoveToOuterDisposeScope(); // (B, T, V)
    }
}
