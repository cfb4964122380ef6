using AttentionCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Responsible;

/// <summary>
/// The smallest attention recommender chapter 21 needs, in the spirit of SASRec (Kang and McAuley 2018): the user's
/// last L clicks (left-padded, id 0 = padding, item i is id i + 1) are embedded with learned positions, one
/// <see cref="TransformerEncoderBlock"/> attends over them (padding masked), and the last position's output scores
/// every item by a dot product with the (shared) item embeddings. Its attention row of the last position over the
/// window is the "explanation" the chapter's observer reads.
/// </summary>
public sealed class HistoryAttention : nn.Module<Tensor, Tensor>
{
    /// <summary>Item embeddings, (N + 1, d); row 0 is padding.</summary>
    public readonly Embedding item_emb;
    /// <summary>Learned positions of the window.</summary>
    public readonly LearnedPositionalEncoding pos;
    /// <summary>The self-attention block.</summary>
    public readonly TransformerEncoderBlock block;

    /// <summary>Creates the model.</summary>
    /// <param name="items">Catalogue size N.</param>
    /// <param name="window">Window length L.</param>
    /// <param name="embed_dim">Width d; default 32.</param>
    /// <param name="num_heads">Heads; default 1 (so the explanation is one row of weights).</param>
    /// <param name="dropout">Dropout inside the block; default 0.1.</param>
    public HistoryAttention(int items, int window, long embed_dim = 32, long num_heads = 1, double dropout = 0.1)
        : base(nameof(HistoryAttention))
    {
        item_emb = nn.Embedding(items + 1, embed_dim, padding_idx: 0);
        pos = new LearnedPositionalEncoding(embed_dim, window);
        block = new TransformerEncoderBlock(embed_dim, num_heads, 2 * embed_dim, dropout);
        RegisterComponents();
    }

    /// <summary>Scores every item after the window.</summary>
    /// <param name="window">(B, L) ids, 0 = padding, the newest click last (never padding).</param>
    /// <returns>Logits (B, N) over items 0..N−1.</returns>
    public override Tensor forward(Tensor window)
    {
        using var scope = NewDisposeScope();
        var x = pos.forward(item_emb.forward(window));                       // (B, L, d)
        var h = block.forward(x, window.ne(0));                              // (B, L, d), padding is never a key
        var user = h[.., -1];                                                // (B, d) the newest position
        return user.matmul(item_emb.weight![1..].t()).MoveToOuterDisposeScope();   // (B, N)
    }

    /// <summary>The last position's attention over the window from the latest forward, averaged over heads, (B, L).</summary>
    public Tensor LastRowWeights() =>
        block.attention_weights is { } w ? w[.., .., -1].mean([1]) : throw new InvalidOperationException("Run forward first.");
}
