using AttentionCourse.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Transformer;

/// <summary>
/// The encoder-decoder Transformer (Vaswani et al. 2017, figure 1), small: token embeddings scaled by sqrt(E)
/// (section 3.4), sinusoidal positions, an encoder, a causal decoder with cross-attention, and a linear
/// output layer giving next-token logits. Attention weights of every head in every layer are kept after each
/// forward (<see cref="encoder_weights"/>, <see cref="decoder_self_weights"/>, <see cref="decoder_cross_weights"/>).
/// Used in chapter 05.
/// </summary>
public sealed class Seq2SeqTransformer : nn.Module<Tensor, Tensor, Tensor>, Decoding.INextTokenModel
{
    /// <summary>The configuration this model was built from.</summary>
    public readonly TransformerConfig config;
    /// <summary>Source and target token embeddings.</summary>
    public readonly Embedding src_embed, tgt_embed;
    /// <summary>Sinusoidal positional encoding shared by both sides.</summary>
    public readonly SinusoidalPositionalEncoding positions;
    /// <summary>The encoder stack.</summary>
    public readonly TransformerEncoder encoder;
    /// <summary>The decoder stack.</summary>
    public readonly TransformerDecoder decoder;
    /// <summary>Output projection E -> target vocabulary.</summary>
    public readonly Linear generator;

    /// <summary>Builds the model from <paramref name="config"/>.</summary>
    public Seq2SeqTransformer(TransformerConfig config) : base(nameof(Seq2SeqTransformer))
    {
        this.config = config;
        var c = config;
        src_embed = nn.Embedding(c.SrcVocab, c.EmbedDim);
        tgt_embed = nn.Embedding(c.TgtVocab, c.EmbedDim);
        positions = new SinusoidalPositionalEncoding(c.EmbedDim, c.Dropout, c.MaxLen);
        encoder = new TransformerEncoder(c.NumEncoderLayers, c.EmbedDim, c.NumHeads, c.FeedForwardDim, c.Dropout, c.NormFirst);
        decoder = new TransformerDecoder(c.NumDecoderLayers, c.EmbedDim, c.NumHeads, c.FeedForwardDim, c.Dropout, c.NormFirst);
        generator = nn.Linear(c.EmbedDim, c.TgtVocab);
        RegisterComponents();
    }

    /// <summary>Encoder self-attention weights per layer, each (B, h, S, S).</summary>
    public IReadOnlyList<Tensor?> encoder_weights => encoder.attention_weights;
    /// <summary>Decoder causal self-attention weights per layer, each (B, h, T, T).</summary>
    public IReadOnlyList<Tensor?> decoder_self_weights => decoder.self_attention_weights;
    /// <summary>Decoder cross-attention weights per layer, each (B, h, T, S).</summary>
    public IReadOnlyList<Tensor?> decoder_cross_weights => decoder.cross_attention_weights;

    /// <summary>Encodes the source: memory = Encoder(PE(sqrt(E) Embed(src))).</summary>
    /// <param name="src">Source ids (B, S).</param>
    /// <returns>Memory (B, S, E).</returns>
    public Tensor encode(Tensor src)
    {
        using var scope = NewDisposeScope();
        var x = positions.forward(src_embed.forward(src) * Math.Sqrt(config.EmbedDim)); // (B, S, E)
        return encoder.forward(x, Masks.FromPadding(src, config.PadId)).MoveToOuterDisposeScope();
    }

    /// <summary>Decodes the target prefix against the memory into next-token logits.</summary>
    /// <param name="tgt">Target input ids (B, T), starting with BOS.</param>
    /// <param name="memory">Encoder output (B, S, E).</param>
    /// <param name="src">Source ids (B, S), for the memory's padding mask.</param>
    /// <returns>Logits (B, T, TgtVocab).</returns>
    public Tensor decode(Tensor tgt, Tensor memory, Tensor src)
    {
        using var scope = NewDisposeScope();
        var y = positions.forward(tgt_embed.forward(tgt) * Math.Sqrt(config.EmbedDim)); // (B, T, E)
        y = decoder.forward(y, memory, Masks.FromPadding(tgt, config.PadId), Masks.FromPadding(src, config.PadId));
        return generator.forward(y).MoveToOuterDisposeScope();                          // (B, T, V)
    }

    /// <summary>Teacher-forced logits: decode(tgt, encode(src)).</summary>
    /// <param name="src">Source ids (B, S).</param>
    /// <param name="tgt">Target input ids (B, T).</param>
    /// <returns>Logits (B, T, TgtVocab).</returns>
    public override Tensor forward(Tensor src, Tensor tgt)
    {
        using var scope = NewDisposeScope();
        return decode(tgt, encode(src), src).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Greedy decoding with the course's convention (<see cref="Decoding.Search"/>): starts from BOS and appends the
    /// arg-max token; the result excludes BOS, a row ends with its first EOS and then holds <paramref name="pad_id"/>,
    /// and decoding stops when every row has ended or after <paramref name="max_len"/> tokens. Encodes the source
    /// once. Runs in eval mode without gradients.
    /// </summary>
    /// <param name="src">Source ids (B, S).</param>
    /// <param name="bos_id">Begin-of-sequence id.</param>
    /// <param name="eos_id">End-of-sequence id.</param>
    /// <param name="max_len">Maximum generated length.</param>
    /// <param name="pad_id">Id after a row's EOS; default 0.</param>
    /// <returns>Generated ids (B, n), BOS excluded, n &lt;= max_len.</returns>
    public Tensor greedy_decode(Tensor src, long bos_id, long eos_id, int max_len, long pad_id = 0)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        eval();
        var memory = encode(src);                                                       // (B, S, E)
        var ys = full(src.shape[0], 1, bos_id, dtype: ScalarType.Int64, device: src.device); // (B, 1)
        var done = zeros(src.shape[0], dtype: ScalarType.Bool, device: src.device);     // (B)
        for (var i = 0; i < max_len; i++)
        {
            var next = decode(ys, memory, src)[.., -1].argmax(-1).masked_fill(done, pad_id); // (B)
            ys = cat([ys, next.unsqueeze(1)], 1);                                        // (B, t + 1)
            done = done.logical_or(next.eq(eos_id));
            if (done.all().item<bool>()) break;
        }
        return ys[.., 1..].MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The next-token step of <see cref="Decoding.INextTokenModel"/>: log_softmax of the decoder's last position for
    /// each prefix, in eval mode without gradients. Encodes the source on every call; for many calls on one sentence
    /// <see cref="Decoding.TransformerSteps.For"/> encodes it once.
    /// </summary>
    /// <param name="src">Source ids (k, S) or (1, S).</param>
    /// <param name="prefixes">Prefixes (k, t), BOS first.</param>
    /// <returns>(k, V).</returns>
    public Tensor next_log_probs(Tensor src, Tensor prefixes)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        eval();
        var k = prefixes.shape[0];
        var s = src.expand(k, -1);                                                      // (k, S)
        return decode(prefixes, encode(s), s)[.., -1].log_softmax(-1).MoveToOuterDisposeScope(); // (k, V)
    }
}
