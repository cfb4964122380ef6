namespace AttentionCourse.Generation;

/// <summary>
/// Sizes of a <see cref="PixelTransformer"/>; immutable, after nanoGPT's <c>GPTConfig</c>. Defaults fit the 8x8 digits
/// of chapter 15: 64 pixels, 17 grey levels, 10 classes.
/// </summary>
/// <param name="Pixels">Pixels per image, generated in raster order; default 64.</param>
/// <param name="Levels">Grey levels a pixel takes; default 17.</param>
/// <param name="Classes">Classes the model is conditioned on; default 10.</param>
/// <param name="EmbedDim">Width E; default 64.</param>
/// <param name="NumHeads">Attention heads per block; default 4.</param>
/// <param name="NumLayers">Decoder blocks; default 2.</param>
/// <param name="Dropout">Dropout on attention weights and residual branches; default 0.1.</param>
public sealed record PixelTransformerConfig(int Pixels = 64, int Levels = 17, int Classes = 10, long EmbedDim = 64,
    long NumHeads = 4, int NumLayers = 2, double Dropout = 0.1)
{
    /// <summary>Token ids: the grey levels 0..Levels-1, then one start token per class, Levels + c.</summary>
    public int VocabSize => Levels + Classes;
}
