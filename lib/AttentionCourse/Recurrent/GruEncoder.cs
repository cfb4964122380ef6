using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Recurrent;

/// <summary>
/// The encoder of Bahdanau et al. (2015, section 3.2 and appendix A.2.1): embeddings read by a bidirectional GRU,
/// so annotation h_j = [→h_j ; ←h_j] summarises the whole source with a focus around position j. Padded rows
/// are packed (<c>pack_padded_sequence</c>), so padding never enters either direction. The decoder's first
/// state is s_0 = tanh(W_s ←h_1) (appendix A.2.2). Used in chapters 07 and 08.
/// </summary>
public sealed class GruEncoder : nn.Module<Tensor, Tensor, (Tensor annotations, Tensor initial_state)>
{
    /// <summary>Source token embeddings, PAD id 0.</summary>
    public readonly Embedding embedding;
    /// <summary>The bidirectional single-layer GRU, batch first.</summary>
    public readonly GRU gru;
    /// <summary>W_s: backward first state (hidden_size) -> decoder state (hidden_size).</summary>
    public readonly Linear init;
    /// <summary>GRU hidden size per direction; annotations have 2 * hidden_size features.</summary>
    public readonly long hidden_size;

    /// <summary>Creates the encoder.</summary>
    /// <param name="vocab_size">Source vocabulary size.</param>
    /// <param name="embed_dim">Embedding size.</param>
    /// <param name="hidden_size">GRU hidden size per direction.</param>
    public GruEncoder(long vocab_size, long embed_dim, long hidden_size) : base(nameof(GruEncoder))
    {
        embedding = nn.Embedding(vocab_size, embed_dim, padding_idx: 0);
        gru = nn.GRU(embed_dim, hidden_size, batchFirst: true, bidirectional: true);
        init = nn.Linear(hidden_size, hidden_size);
        this.hidden_size = hidden_size;
        RegisterComponents();
    }

    /// <summary>Encodes a right-padded batch.</summary>
    /// <param name="src">Source ids (B, S), PAD = 0 after the real tokens.</param>
    /// <param name="lengths">Real lengths (B), int64, each at least 1.</param>
    /// <returns>Annotations (B, S, 2H), zero at padded positions, and s_0 (B, H).</returns>
    public override (Tensor annotations, Tensor initial_state) forward(Tensor src, Tensor lengths)
    {
        using var scope = NewDisposeScope();
        var x = embedding.forward(src);                                                    // (B, S, E)
        using var packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first: true, enforce_sorted: false);
        var (output, h_n) = gru.call(packed, null);                                          // h_n (2, B, H)
        using (output)
        {
            var (annotations, _) = nn.utils.rnn.pad_packed_sequence(output, batch_first: true, total_length: src.shape[1]); // (B, S, 2H)
            var s0 = init.forward(h_n[1]).tanh();                                          // backward direction read h_1 last: (B, H)
            return (annotations.MoveToOuterDisposeScope(), s0.MoveToOuterDisposeScope());
        }
    }
}
