using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Recurrent;

/// <summary>
/// The RNN encoder-decoder with additive attention of Bahdanau et al. (2015) ("RNNsearch"), small:
/// <see cref="GruEncoder"/> + <see cref="AttentionGruDecoder"/>. PAD id 0 in both vocabularies; source lengths
/// are read from the padding. The attention weights of the latest call are kept in <see cref="attention_weights"/>.
/// Used in chapters 07 (characters) and 08 (words).
/// </summary>
public sealed class Seq2SeqGru : nn.Module<Tensor, Tensor, Tensor>, Decoding.INextTokenModel
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
    /// <param name="attention">True (default): additive attention; false: the baseline whose context is the encoder's
    /// last states at every step (<see cref="AttentionGruDecoder.attend"/>), as in chapter 07.</param>
    public Seq2SeqGru(long src_vocab, long tgt_vocab, long embed_dim = 32, long hidden_size = 64, bool attention = true)
        : base(nameof(Seq2SeqGru))
    {
        encoder = new GruEncoder(src_vocab, embed_dim, hidden_size);
        decoder = new AttentionGruDecoder(tgt_vocab, embed_dim, hidden_size, 2 * hidden_size, attention);
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
    /// Greedy decoding with the course's convention (<see cref="Decoding.Search"/>) in eval mode without gradients:
    /// feeds back the arg-max token; the result excludes BOS, a row ends with its first EOS and then holds
    /// <paramref name="pad_id"/>, and decoding stops when every row has ended or after <paramref name="max_len"/> steps.
    /// Runs the decoder one step at a time on its state (no prefix is recomputed).
    /// </summary>
    /// <param name="src">Source ids (B, S).</param>
    /// <param name="bos_id">Begin-of-sequence id.</param>
    /// <param name="eos_id">End-of-sequence id.</param>
    /// <param name="max_len">Most steps.</param>
    /// <param name="pad_id">Id after a row's EOS; default 0.</param>
    /// <returns>Generated ids (B, n), BOS excluded; the weights are kept in <see cref="attention_weights"/> (B, n, S).</returns>
    public Tensor greedy_decode(Tensor src, long bos_id, long eos_id, int max_len, long pad_id = 0)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        eval();
        var lengths = Lengths(src);
        var (h, state) = encoder.forward(src, lengths);
        var projected = decoder.attention.W_k.forward(h);                                  // (B, S, H), once for all steps
        var y = full(src.shape[0], bos_id, dtype: ScalarType.Int64, device: src.device);   // (B)
        var done = zeros(src.shape[0], dtype: ScalarType.Bool, device: src.device);        // (B)
        var ids = new List<Tensor>();
        var weights = new List<Tensor>();
        for (var t = 0; t < max_len; t++)
        {
            var (logits, s, w) = decoder.step(y, state, h, lengths, projected);
            (state, y) = (s, logits.argmax(-1).masked_fill(done, pad_id));
            ids.Add(y);
            weights.Add(w);
            done = done.logical_or(y.eq(eos_id));
            if (done.all().item<bool>()) break;
        }
        Keep(stack(weights, 1));                                                           // (B, n, S)
        return stack(ids, 1).MoveToOuterDisposeScope();                                   // (B, n)
    }

    /// <summary>
    /// The next-token step of <see cref="Decoding.INextTokenModel"/>, for the searches: log-probabilities of the token
    /// after each prefix (k, t), BOS first, given its source row (or one source sentence (1, S) shared by all), in eval
    /// mode without gradients. Recomputes the prefix (short sentences make that cheap). Returns (k, V).
    /// </summary>
    /// <param name="src">Source ids (k, S) or (1, S).</param>
    /// <param name="prefixes">Prefixes (k, t).</param>
    public Tensor next_log_probs(Tensor src, Tensor prefixes)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        eval();
        var k = prefixes.shape[0];
        var logits = forward(src.expand(k, -1), prefixes);                                // (k, t, V)
        return logits[.., -1].log_softmax(-1).MoveToOuterDisposeScope();                   // (k, V)
    }

    void Keep(Tensor weights) => _weights.Set(need_weights ? weights : null);
}
