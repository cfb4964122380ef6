using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Localisation;

/// <summary>
/// Attention-based multiple-instance pooling (Ilse, Tomczak &amp; Welling 2018, Eq. 8; the gated variant is Eq. 9):
/// a_k = softmax_k( w^T tanh(V h_k) )   or, gated,   a_k = softmax_k( w^T (tanh(V h_k) ⊙ sigm(U h_k)) ),
/// z = Σ_k a_k h_k. The bag is the image, the instances are its patches, and only the bag's label is ever seen in
/// training; the weights a_k are read afterwards as a map of where the evidence is. Used in chapter 14.
/// </summary>
public sealed class AttentionMilPooling : nn.Module<Tensor, (Tensor pooled, Tensor weights)>
{
    /// <summary>V: M -> L (no bias in the paper's Eq. 8; PyTorch reference code adds one; we follow the equation).</summary>
    public readonly Linear V;
    /// <summary>U: M -> L, the gate; null unless gated.</summary>
    public readonly Linear? U;
    /// <summary>w: L -> 1.</summary>
    public readonly Linear w;

    /// <summary>Creates the pooling.</summary>
    /// <param name="embed_dim">M, the width of the instance embeddings h_k.</param>
    /// <param name="attention_dim">L, the hidden width of the scoring network; default 32.</param>
    /// <param name="gated">Use the gated variant (Eq. 9); default false.</param>
    public AttentionMilPooling(long embed_dim, long attention_dim = 32, bool gated = false) : base(nameof(AttentionMilPooling))
    {
        V = nn.Linear(embed_dim, attention_dim, hasBias: false);
        U = gated ? nn.Linear(embed_dim, attention_dim, hasBias: false) : null;
        w = nn.Linear(attention_dim, 1, hasBias: false);
        RegisterComponents();
    }

    /// <summary>Pools each bag.</summary>
    /// <param name="h">Instance embeddings (B, K, M).</param>
    /// <returns>pooled z (B, M) and weights a (B, K), each row summing to 1.</returns>
    public override (Tensor pooled, Tensor weights) forward(Tensor h)
    {
        using var scope = NewDisposeScope();
        var hidden = V.forward(h).tanh();                                      // (B, K, L)
        if (U is not null) hidden = hidden * U.forward(h).sigmoid();           // (B, K, L) gated
        var a = w.forward(hidden).squeeze(-1).softmax(-1);                     // (B, K)
        var z = a.unsqueeze(1).bmm(h).squeeze(1);                              // (B, 1, K) x (B, K, M) -> (B, M)
        return (z.MoveToOuterDisposeScope(), a.MoveToOuterDisposeScope());
    }
}
