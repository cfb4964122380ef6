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
public sealed class Seq2SeqTransformer : nn.Module<Tensor, Tensor, Tensor>
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
    /// Greedy decoding: starts from BOS and appends the arg-max token until every row has produced EOS or
    /// <paramref name="max_len"/> tokens. Runs in eval mode without gradients.
    /// </summary>
    /// <param name="src">Source ids (B, S).</param>
    /// <param name="bos_id">Begin-of-sequence id.</param>
    /// <param name="eos_id">End-of-sequence id.</param>
    /// <param name="max_len">Maximum generated length, BOS excluded.</param>
    /// <returns>Generated ids (B, 1 + n), BOS first.</returns>
    public Tensor greedy_decode(Tensor src, long bos_id, long eos_id, int max_len)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        eval();
        var memory = encode(src);                                                       // (B, S, E)
        var ys = full(src.shape[0], 1, bos_id, dtype: ScalarType.Int64, device: src.device); // (B, 1)
        for (var i = 0; i < max_len; i++)
        {
            var next = decode(ys, memory, src)[.., -1].argmax(-1, keepdim: true);       // (B, 1)
            ys = cat([ys, next], 1);                                                     // (B, t + 1)
            if (ys.eq(eos_id).any(1).all().item<bool>()) break;
        }
        return ys.MoveToOuterDisposeScope();
    }
}
