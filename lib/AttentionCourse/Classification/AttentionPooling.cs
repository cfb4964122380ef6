using AttentionCourse.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Classification;

/// <summary>
/// Attention pooling with one learned query (Lin et al. 2017, "A structured self-attentive sentence embedding",
/// with one hop; Yang et al. 2016, hierarchical attention networks, Eq. 5-7):
/// s_t = q · (W_k h_t) / √E,  α = masked softmax(s),  pooled = Σ_t α_t h_t.
/// Padding gets exactly zero weight (<see cref="MaskedSoftmax"/>). Used in chapter 09.
/// </summary>
public sealed class AttentionPooling : nn.Module<Tensor, Tensor, (Tensor pooled, Tensor weights)>
{
    /// <summary>The learned query q, (E).</summary>
    public readonly Parameter query;
    /// <summary>The key projection W_k: E -> E (no bias: a bias adds the same amount to every score).</summary>
    public readonly Linear key_proj;
    /// <summary>Width E.</summary>
    public readonly long embed_dim;

    /// <summary>Creates q ~ N(0, 1/E) and W_k.</summary>
    /// <param name="embed_dim">Width E of the token vectors.</param>
    public AttentionPooling(long embed_dim) : base(nameof(AttentionPooling))
    {
        this.embed_dim = embed_dim;
        query = nn.Parameter(randn(embed_dim) / Math.Sqrt(embed_dim));
        key_proj = nn.Linear(embed_dim, embed_dim, hasBias: false);
        RegisterComponents();
    }

    /// <summary>Pools the tokens of each sequence into one vector.</summary>
    /// <param name="h">Token vectors (B, T, E).</param>
    /// <param name="mask">(B, T), true = a real token.</param>
    /// <returns>pooled (B, E) and the weights α (B, T), each row summing to 1 over real tokens.</returns>
    public override (Tensor pooled, Tensor weights) forward(Tensor h, Tensor mask) => forward(h, h, mask);

    /// <summary>
    /// Scores the tokens on <paramref name="x"/> and pools <paramref name="h"/>: s_t = q · (W_k x_t) / √E, pooled = Σ_t α_t h_t.
    /// Scoring on the word embeddings (x) while pooling the encoder's outputs (h) makes the model choose words,
    /// not positions whose vectors already mix several words. Used in chapter 09.
    /// </summary>
    /// <param name="x">Vectors the scores are computed from (B, T, E).</param>
    /// <param name="h">Vectors that are averaged (B, T, E).</param>
    /// <param name="mask">(B, T), true = a real token.</param>
    /// <returns>pooled (B, E) and the weights α (B, T).</returns>
    public (Tensor pooled, Tensor weights) forward(Tensor x, Tensor h, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var keys = key_proj.forward(x);                                        // (B, T, E)
        var scores = keys.matmul(query) / Math.Sqrt(embed_dim);                // (B, T)
        var weights = MaskedSoftmax.forward(scores, mask);                     // (B, T)
        var pooled = weights.unsqueeze(1).bmm(h).squeeze(1);                   // (B, 1, T) x (B, T, E) -> (B, E)
        return (pooled.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }
}
