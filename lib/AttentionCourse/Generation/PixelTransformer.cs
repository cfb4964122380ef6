using AttentionCourse.Gpt;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Generation;

/// <summary>
/// A class-conditional autoregressive pixel Transformer (the image-GPT idea of Chen et al. 2020, on a tiny scale):
/// an image is the sequence of its grey levels in raster order, and p(x | c) = Π_t p(x_t | x_&lt;t, c). The input at
/// position 0 is a start token that names the class c; the input at position t ≥ 1 is pixel x_{t−1}; the output at
/// position t is a distribution over the grey levels of pixel t. The blocks are chapter 10's causal
/// <see cref="GptBlock"/>s, so a <see cref="KVCache"/> serves generation. Used in chapter 15.
/// </summary>
public sealed class PixelTransformer : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>The sizes.</summary>
    public readonly PixelTransformerConfig config;
    /// <summary>Token embeddings (Levels + Classes, E): grey levels, then class start tokens; position embeddings (Pixels, E).</summary>
    public readonly Embedding wte, wpe;
    /// <summary>The causal blocks, bottom to top.</summary>
    public readonly ModuleList<GptBlock> h;
    /// <summary>Final LayerNorm.</summary>
    public readonly LayerNorm ln_f;
    /// <summary>Head E -> Levels: logits of the next pixel's grey level.</summary>
    public readonly Linear head;
    readonly Dropout drop;

    /// <summary>Builds the model.</summary>
    /// <param name="config">Sizes.</param>
    public PixelTransformer(PixelTransformerConfig config) : base(nameof(PixelTransformer))
    {
        this.config = config;
        wte = nn.Embedding(config.VocabSize, config.EmbedDim);
        wpe = nn.Embedding(config.Pixels, config.EmbedDim);
        h = nn.ModuleList(Enumerable.Range(0, config.NumLayers).Select(_ => new GptBlock(config.EmbedDim, config.NumHeads, config.Dropout)).ToArray());
        ln_f = nn.LayerNorm(config.EmbedDim);
        head = nn.Linear(config.EmbedDim, config.Levels);
        drop = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <summary>The model's input ids: the class start token, then pixels 0..Pixels−2 (the last pixel is never an input).</summary>
    /// <param name="pixels">Grey levels (B, Pixels), int64.</param>
    /// <param name="labels">Classes (B), int64.</param>
    /// <returns>(B, Pixels) int64.</returns>
    public Tensor InputIds(Tensor pixels, Tensor labels) =>
        cat([(labels + config.Levels).unsqueeze(1), pixels[.., ..(config.Pixels - 1)]], 1);   // (B, Pixels)

    /// <summary>Logits of every pixel given the pixels before it and the class.</summary>
    /// <param name="pixels">Grey levels (B, Pixels), int64.</param>
    /// <param name="labels">Classes (B), int64.</param>
    /// <returns>(B, Pixels, Levels).</returns>
    public override Tensor forward(Tensor pixels, Tensor labels) => forward(InputIds(pixels, labels), (KVCache?)null);

    /// <summary>Logits for new input ids that follow the <c>cache.Length</c> cached ones (position 0 is the class token).</summary>
    /// <param name="ids">Input ids (B, T); cached + T ≤ Pixels.</param>
    /// <param name="cache">Cache to read and extend, or null.</param>
    /// <returns>(B, T, Levels): row t is p(pixel past + t | everything before).</returns>
    public Tensor forward(Tensor ids, KVCache? cache)
    {
        using var scope = NewDisposeScope();
        long past = cache?.Length ?? 0, T = ids.shape[1];
        if (past + T > config.Pixels) throw new ArgumentException($"{past + T} positions is more than the {config.Pixels} pixels of an image.");
        var pos = arange(past, past + T, device: ids.device);                  // (T)
        var x = drop.forward(wte.forward(ids) + wpe.forward(pos));             // (B, T, E)
        for (int i = 0; i < h.Count; i++) x = h[i].forward(x, cache, i);       // (B, T, E)
        return head.forward(ln_f.forward(x)).MoveToOuterDisposeScope();        // (B, T, Levels)
    }

    /// <summary>Mean negative log-likelihood in bits per pixel: −(1/(B·Pixels)) Σ log₂ p(x_t | x_&lt;t, c).</summary>
    /// <param name="pixels">(B, Pixels) int64.</param>
    /// <param name="labels">(B) int64.</param>
    public Tensor BitsPerPixel(Tensor pixels, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var logits = forward(pixels, labels);                                  // (B, Pixels, Levels)
        var nats = nn.functional.cross_entropy(logits.reshape(-1, config.Levels), pixels.reshape(-1));
        return (nats / Math.Log(2)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Draws one image per label, pixel by pixel from softmax(logits / τ). With <paramref name="use_cache"/> each step
    /// feeds only the newest id and reuses every layer's cached keys and values; without it each step re-runs the whole
    /// prefix. Both give the same pixels for the same generator (tested).
    /// </summary>
    /// <param name="labels">Classes to draw (B), int64.</param>
    /// <param name="generator">Random generator for sampling; default TorchSharp's global one.</param>
    /// <param name="temperature">τ; default 1 (the model's own distribution); 0 takes the argmax.</param>
    /// <param name="use_cache">Use a <see cref="KVCache"/>; default true.</param>
    /// <returns>Grey levels (B, Pixels), int64.</returns>
    public Tensor Generate(Tensor labels, Generator? generator = null, double temperature = 1.0, bool use_cache = true)
    {
        var wasTraining = training;
        eval();
        using var noGrad = no_grad();
        using var cache = use_cache ? new KVCache(config.NumLayers) : null;
        var ids = (labels + config.Levels).unsqueeze(1);                       // (B, 1): the class token
        for (int t = 0; t < config.Pixels; t++)
        {
            using var scope = NewDisposeScope();
            var logits = cache is null ? forward(ids, null) : forward(ids[.., t..], cache);   // (B, T_new, Levels)
            var next = TinyGpt.Sample(logits[.., -1], temperature, generator);               // (B, 1)
            var longer = cat([ids, next], 1).DetachFromDisposeScope();                       // (B, t + 2)
            ids.Dispose();
            ids = longer;
        }
        train(wasTraining);
        using (ids) return ids[.., 1..].clone();                               // (B, Pixels)
    }
}
