using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Recurrent;

/// <summary>
/// The RNN encoder-decoder with additive attention of Bahdanau et al. (2015) ("RNNsearch"), small:
/// <see cref="GruEncoder"/> + <see cref="AttentionGruDecoder"/>. PAD id 0 in both vocabularies; source lengths
/// are read from the padding. The attention weights of the latest call are kept in <see cref="attention_weights"/>.
/// Used in chapters 07 (characters) and 08 (words).
/// </summary>
public sealed class Seq2SeqGru : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>The bidirectional GRU encoder.</summary>
    public readonly GruEncoder encoder;
    /// <summary>The attentive GRU decoder.</summary>
    public readonly AttentionGruDecoder decoder;
    readonly Attention.KeptWeights _weights = new();

    /// <summary>Creates the model.</summary>
    /// <param name="src_vocab">Source vocabulary size.</param>
    /// <param name="tgt_vocab">Target vocabulary size.</param>
    /// <param name="embed_dim">Embedding size on both sides; default 32.</param>
    /// <param name="hidden_size">GRU size (encoder per direction and decoder); default 64.</param>
    public Seq2SeqGru(long src_vocab, long tgt_vocab, long embed_dim = 32, long hidden_size = 64) : base(nameof(Seq2SeqGru))
    {
        encoder = new GruEncoder(src_vocab, embed_dim, hidden_size);
        decoder = new AttentionGruDecoder(tgt_vocab, embed_dim, hidden_size, 2 * hidden_size);
        RegisterComponents();
    }

    /// <summary>Attention weights α (B, T, S) of the latest <see cref="forward"/> or <see cref="greedy_decode"/>; rows are output steps.</summary>
    public Tensor? attention_weights => _weights.Value;

    /// <summary>Keep the attention weights of each call (PyTorch's flag name); on by default, as chapters 07 and 08 plot them.</summary>
    public bool need_weights { get; set; } = true;

    /// <summary>Real lengths of right-padded rows: the number of non-PAD ids, (B) int64.</summary>
    /// <param name="src">Ids (B, S).</param>
    public static Tensor Lengths(Tensor src) => src.ne(0).sum(1);

    /// <summary>Teacher-forced logits.</summary>
    /// <param name="src">Source ids (B, S), right-padded with 0.</param>
    /// <param name="tgt_in">Target input ids (B, T), BOS first.</param>
    /// <returns>Logits (B, T, V).</returns>
    public override Tensor forward(Tensor src, Tensor tgt_in)
    {
        using var scope = NewDisposeScope();
        var lengths = Lengths(src);
        var (h, s0) = encoder.forward(src, lengths);
        var (logits, weights) = decoder.forward(tgt_in, s0, h, lengths);
        Keep(weights);
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Greedy decoding in eval mode without gradients: feeds back the arg-max token for <paramref name="max_len"/>
    /// steps (rows that produced EOS keep going; read them up to their first EOS).
    /// </summary>
    /// <param name="src">Source ids (B, S).</param>
    /// <param name="bos_id">Begin-of-sequence id.</param>
    /// <param name="max_len">Number of steps.</param>
    /// <returns>Generated ids (B, max_len), BOS excluded; the weights are kept in <see cref="attention_weights"/> (B, max_len, S).</returns>
    public Tensor greedy_decode(Tensor src, long bos_id, int max_len)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        eval();
        var lengths = Lengths(src);
        var (h, state) = encoder.forward(src, lengths);
        var projected = decoder.attention.W_k.forward(h);                                  // (B, S, H), once for all steps
        var y = full(src.shape[0], bos_id, dtype: ScalarType.Int64, device: src.device);   // (B)
        var ids = new List<Tensor>();
        var weights = new List<Tensor>();
        for (var t = 0; t < max_len; t++)
        {
            var (logits, s, w) = decoder.step(y, state, h, lengths, projected);
            (state, y) = (s, logits.argmax(-1));
            ids.Add(y);
            weights.Add(w);
        }
        Keep(stack(weights, 1));                                                           // (B, T, S)
        return stack(ids, 1).MoveToOuterDisposeScope();                                   // (B, T)
    }

    /// <summary>
    /// Log-probabilities of the next token after each prefix, for beam search: the prefixes (k, t), BOS first,
    /// are all continuations of the one source sentence <paramref name="src"/> (1, S). Recomputes the prefix
    /// (short sentences make that cheap). Returns (k, V).
    /// </summary>
    /// <param name="src">One source sentence (1, S).</param>
    /// <param name="prefixes">Prefixes (k, t).</param>
    public Tensor next_log_probs(Tensor src, Tensor prefixes)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var k = prefixes.shape[0];
        var logits = forward(src.expand(k, -1), prefixes);                                // (k, t, V)
        return logits[.., -1].log_softmax(-1).MoveToOuterDisposeScope();                   // (k, V)
    }

    void Keep(Tensor weights) => _weights.Set(need_weights ? weights : null);
}
