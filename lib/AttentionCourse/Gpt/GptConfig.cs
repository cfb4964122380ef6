namespace AttentionCourse.Gpt;

/// <summary>
/// Configuration of a <see cref="TinyGpt"/> (after nanoGPT's <c>GPTConfig</c>); immutable, with tiny presets for a
/// 2-core CPU. Used in chapter 10.
/// </summary>
/// <param name="VocabSize">Number of token ids.</param>
/// <param name="BlockSize">Longest context the model sees (the position table's length); default 64.</param>
/// <param name="EmbedDim">Width E; default 64.</param>
/// <param name="NumHeads">Attention heads per block; default 4.</param>
/// <param name="NumLayers">Decoder blocks; default 2.</param>
/// <param name="Dropout">Dropout on attention weights and residual branches; default 0.</param>
public sealed record GptConfig(long VocabSize, long BlockSize = 64, long EmbedDim = 64, long NumHeads = 4, int NumLayers = 2, double Dropout = 0.0)
{
    /// <summary>The smallest preset: E 32, 2 heads, 2 layers (enough for an induction head), context <paramref name="block_size"/>.</summary>
    /// <param name="vocab">Vocabulary size.</param>
    /// <param name="block_size">Context length.</param>
    public static GptConfig Nano(long vocab, long block_size) => new(vocab, block_size, EmbedDim: 32, NumHeads: 2, NumLayers: 2);

    /// <summary>The chapter-10 character model: E 64, 4 heads, 2 layers, context 64.</summary>
    /// <param name="vocab">Vocabulary size.</param>
    public static GptConfig Tiny(long vocab) => new(vocab);
}
