namespace AttentionCourse.Transformer;

/// <summary>
/// Configuration of a <see cref="Seq2SeqTransformer"/>, immutable, with named tiny presets sized for a 2-core CPU.
/// Defaults are the <see cref="Tiny"/> preset's. Used in chapter 05.
/// </summary>
/// <param name="SrcVocab">Source vocabulary size.</param>
/// <param name="TgtVocab">Target vocabulary size.</param>
/// <param name="EmbedDim">Model width E (the paper's d_model); default 32.</param>
/// <param name="NumHeads">Attention heads h; default 4.</param>
/// <param name="FeedForwardDim">Feed-forward hidden width; default 64.</param>
/// <param name="NumEncoderLayers">Encoder blocks; default 2.</param>
/// <param name="NumDecoderLayers">Decoder blocks; default 2.</param>
/// <param name="Dropout">Dropout everywhere; default 0.1.</param>
/// <param name="NormFirst">Pre-LN blocks (stabler to train small models); default true.</param>
/// <param name="MaxLen">Longest sequence the positional table covers; default 64.</param>
/// <param name="PadId">Padding token id in both vocabularies; default 0.</param>
public sealed record TransformerConfig(
    long SrcVocab,
    long TgtVocab,
    long EmbedDim = 32,
    long NumHeads = 4,
    long FeedForwardDim = 64,
    int NumEncoderLayers = 2,
    int NumDecoderLayers = 2,
    double Dropout = 0.1,
    bool NormFirst = true,
    long MaxLen = 64,
    long PadId = 0)
{
    /// <summary>The smallest useful model: E 16, 2 heads, FFN 32, one encoder and one decoder block, no dropout.</summary>
    public static TransformerConfig Nano(long vocab) =>
        new(vocab, vocab, EmbedDim: 16, NumHeads: 2, FeedForwardDim: 32, NumEncoderLayers: 1, NumDecoderLayers: 1, Dropout: 0.0);

    /// <summary>The chapter-05 model: E 32, 4 heads, FFN 64, two blocks each side, dropout 0.1.</summary>
    public static TransformerConfig Tiny(long vocab) => new(vocab, vocab);

    /// <summary>A larger toy: E 64, 4 heads, FFN 128, three blocks each side.</summary>
    public static TransformerConfig Small(long vocab) =>
        new(vocab, vocab, EmbedDim: 64, NumHeads: 4, FeedForwardDim: 128, NumEncoderLayers: 3, NumDecoderLayers: 3);
}
