using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Gpt;

/// <summary>
/// A decoder-only Transformer language model in nanoGPT's shape (Radford et al. 2018, 2019): token and learned
/// position embeddings, <see cref="GptConfig.NumLayers"/> pre-LN <see cref="GptBlock"/>s, a final LayerNorm and a
/// linear head giving p(x_{t+1} | x_≤t) for every t. Generation can use a <see cref="KVCache"/>; it produces exactly
/// the tokens of generation without one (tested). Used in chapter 10.
/// </summary>
public sealed class TinyGpt : nn.Module<Tensor, Tensor>
{
    /// <summary>The configuration.</summary>
    public readonly GptConfig config;
    /// <summary>Token embeddings (V, E) and position embeddings (BlockSize, E).</summary>
    public readonly Embedding wte, wpe;
    /// <summary>The blocks, bottom to top.</summary>
    public readonly ModuleList<GptBlock> h;
    /// <summary>Final LayerNorm.</summary>
    public readonly LayerNorm ln_f;
    /// <summary>Head E -> V.</summary>
    public readonly Linear lm_head;
    readonly Dropout drop;

    /// <summary>Builds the model.</summary>
    /// <param name="config">Sizes.</param>
    public TinyGpt(GptConfig config) : base(nameof(TinyGpt))
    {
        this.config = config;
        wte = nn.Embedding(config.VocabSize, config.EmbedDim);
        wpe = nn.Embedding(config.BlockSize, config.EmbedDim);
        h = nn.ModuleList(Enumerable.Range(0, config.NumLayers).Select(_ => new GptBlock(config.EmbedDim, config.NumHeads, config.Dropout)).ToArray());
        ln_f = nn.LayerNorm(config.EmbedDim);
        lm_head = nn.Linear(config.EmbedDim, config.VocabSize);
        drop = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <summary>Next-token logits for every position.</summary>
    /// <param name="idx">Token ids (B, T), T ≤ BlockSize.</param>
    /// <returns>Logits (B, T, V).</returns>
    public override Tensor forward(Tensor idx) => forward(idx, null);

    /// <summary>Logits for the new tokens <paramref name="idx"/>, which follow the <c>cache.Length</c> cached ones.</summary>
    /// <param name="idx">New token ids (B, T); cached + T ≤ BlockSize.</param>
    /// <param name="cache">Cache to read and extend, or null.</param>
    /// <returns>Logits (B, T, V).</returns>
    public Tensor forward(Tensor idx, KVCache? cache)
    {
        using var scope = NewDisposeScope();
        long past = cache?.Length ?? 0, T = idx.shape[1];
        if (past + T > config.BlockSize) throw new ArgumentException($"Sequence of {past + T} tokens is longer than the block size {config.BlockSize}.");
        var pos = arange(past, past + T, device: idx.device);                  // (T)
        var x = drop.forward(wte.forward(idx) + wpe.forward(pos));             // (B, T, E)
        for (int i = 0; i < h.Count; i++) x = h[i].forward(x, cache, i);       // (B, T, E)
        return lm_head.forward(ln_f.forward(x)).MoveToOuterDisposeScope();     // (B, T, V)
    }

    /// <summary>Mean cross-entropy in nats per token of predicting <paramref name="targets"/>: −(1/BT) Σ log p(y_t | x_≤t).</summary>
    /// <param name="idx">Inputs (B, T).</param>
    /// <param name="targets">Next tokens (B, T).</param>
    public Tensor Loss(Tensor idx, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var logits = forward(idx);                                             // (B, T, V)
        return nn.functional.cross_entropy(logits.reshape(-1, config.VocabSize), targets.reshape(-1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Appends <paramref name="max_new_tokens"/> sampled tokens to <paramref name="idx"/>. Temperature τ divides the
    /// logits before the softmax (τ → 0 is greedy; τ = 0 takes the argmax). The context is the last BlockSize tokens.
    /// With <paramref name="use_cache"/> each step feeds only the tokens the cache has not seen; when the window is
    /// full, the positions shift, so the cache is rebuilt from the last BlockSize tokens (then no faster than without it).
    /// </summary>
    /// <param name="idx">Prompt (1, T0), T0 ≥ 1.</param>
    /// <param name="max_new_tokens">Tokens to add.</param>
    /// <param name="temperature">τ; default 1.</param>
    /// <param name="generator">Random generator for sampling; default TorchSharp's global one.</param>
    /// <param name="use_cache">Use a <see cref="KVCache"/>; default true.</param>
    /// <returns>(1, T0 + max_new_tokens).</returns>
    public Tensor Generate(Tensor idx, int max_new_tokens, double temperature = 1.0, Generator? generator = null, bool use_cache = true)
    {
        var wasTraining = training;
        eval();
        using var noGrad = no_grad();
        using var cache = use_cache ? new KVCache(config.NumLayers) : null;
        var tokens = idx.clone();
        long windowStart = 0;
        for (int step = 0; step < max_new_tokens; step++)
        {
            using var scope = NewDisposeScope();
            long total = tokens.shape[1];
            Tensor logits;
            if (cache is null)
                logits = forward(tokens[.., (int)Math.Max(0, total - config.BlockSize)..]);          // (1, T, V)
            else
            {
                if (total - windowStart > config.BlockSize) { windowStart = total - config.BlockSize; cache.Clear(); }
                logits = forward(tokens[.., (int)(windowStart + cache.Length)..], cache);           // (1, T_new, V)
            }
            var next = Sample(logits[.., -1], temperature, generator);                              // (1, 1)
            var longer = cat([tokens, next], 1).DetachFromDisposeScope();
            tokens.Dispose();
            tokens = longer;
        }
        train(wasTraining);
        return tokens;
    }

    /// <summary>Draws one token per row from softmax(logits / τ), or the argmax when τ = 0.</summary>
    /// <param name="logits">(B, V).</param>
    /// <param name="temperature">τ ≥ 0.</param>
    /// <param name="generator">Random generator, or null.</param>
    /// <returns>(B, 1) int64.</returns>
    public static Tensor Sample(Tensor logits, double temperature, Generator? generator = null)
    {
        if (temperature <= 0) return logits.argmax(-1, keepdim: true);
        using var probs = (logits / temperature).softmax(-1);
        return multinomial(probs, 1, generator: generator);
    }
}
