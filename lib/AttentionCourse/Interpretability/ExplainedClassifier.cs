using AttentionCourse.Classification;
using AttentionCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Interpretability;

/// <summary>Sizes of <see cref="ExplainedClassifier"/>.</summary>
/// <param name="VocabSize">Number of token ids (id 0 = padding).</param>
/// <param name="MaxLen">Longest sequence (learned positions).</param>
/// <param name="Classes">Output classes; default 2.</param>
/// <param name="EmbedDim">Model width E; default 32.</param>
/// <param name="NumHeads">Heads per layer; default 2.</param>
/// <param name="NumLayers">Encoder layers; default 3.</param>
/// <param name="FeedForwardDim">Feed-forward width; default 64.</param>
public sealed record ExplainedClassifierConfig(int VocabSize, int MaxLen, int Classes = 2, int EmbedDim = 32,
    int NumHeads = 2, int NumLayers = 3, int FeedForwardDim = 64);

/// <summary>Everything one forward pass of <see cref="ExplainedClassifier"/> exposes to the explanation methods.</summary>
/// <param name="Logits">(B, C).</param>
/// <param name="Attentions">One (B, h, T, T) tensor per encoder layer, layer 1 first (detached).</param>
/// <param name="Pooling">(B, T) the pooling weights α actually used (learned, or the ones passed in).</param>
/// <param name="Hidden">(B, T, E) the last encoder layer's outputs, which the pooling averages.</param>
public sealed record ClassifierPass(Tensor Logits, IReadOnlyList<Tensor> Attentions, Tensor Pooling, Tensor Hidden);

/// <summary>
/// The model chapter 20 explains: token plus learned position embeddings, a stack of post-LN Transformer encoder
/// layers that keep their per-head weights (<see cref="TransformerEncoderBlock"/> with need_weights), attention pooling
/// with one learned query (<see cref="AttentionPooling"/>, chapter 09) and a linear read-out. No dropout, so the model
/// explained is the model evaluated. The pooling weights can be overridden, which gives the uniform and frozen
/// baselines of Wiegreffe &amp; Pinter (2019) and the adversarial weights of Jain &amp; Wallace (2019).
/// </summary>
public sealed class ExplainedClassifier : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Token embeddings (V, E).</summary>
    public readonly Embedding embedding;
    /// <summary>Learned position embeddings (MaxLen, E).</summary>
    public readonly Embedding position;
    /// <summary>The encoder layers, first to last.</summary>
    public readonly ModuleList<TransformerEncoderBlock> layers;
    /// <summary>Attention pooling over the last layer's outputs.</summary>
    public readonly AttentionPooling pool;
    /// <summary>Read-out E → C.</summary>
    public readonly Linear head;
    /// <summary>The sizes.</summary>
    public readonly ExplainedClassifierConfig config;

    /// <summary>Creates the model with the given sizes (draws from TorchSharp's global generator).</summary>
    public ExplainedClassifier(ExplainedClassifierConfig config) : base(nameof(ExplainedClassifier))
    {
        this.config = config;
        embedding = nn.Embedding(config.VocabSize, config.EmbedDim, padding_idx: 0);
        position = nn.Embedding(config.MaxLen, config.EmbedDim);
        layers = new ModuleList<TransformerEncoderBlock>(Enumerable.Range(0, config.NumLayers)
            .Select(_ => new TransformerEncoderBlock(config.EmbedDim, config.NumHeads, config.FeedForwardDim, dropout: 0.0)).ToArray());
        pool = new AttentionPooling(config.EmbedDim);
        head = nn.Linear(config.EmbedDim, config.Classes);
        RegisterComponents();
    }

    /// <summary>Logits for token ids.</summary>
    /// <param name="ids">(B, T) token ids.</param>
    /// <param name="mask">(B, T), true = a real token.</param>
    /// <returns>(B, C).</returns>
    public override Tensor forward(Tensor ids, Tensor mask) => Run(Embed(ids), mask).Logits;

    /// <summary>The encoder's input x = e_token + e_position, the point gradient × input differentiates at.</summary>
    /// <param name="ids">(B, T) token ids.</param>
    /// <returns>(B, T, E).</returns>
    public Tensor Embed(Tensor ids) => embedding.forward(ids) + position.forward(arange(ids.shape[1], device: ids.device));

    /// <summary>The forward pass from the encoder's input, keeping what the explanation methods read.</summary>
    /// <param name="x">(B, T, E) embedded input (see <see cref="Embed"/>).</param>
    /// <param name="mask">(B, T), true = a real token.</param>
    /// <param name="pooling_weights">Optional (B, T) weights to pool with instead of the learned ones (rows summing to 1).</param>
    public ClassifierPass Run(Tensor x, Tensor mask, Tensor? pooling_weights = null)
    {
        using var scope = NewDisposeScope();
        var attentions = new List<Tensor>();
        var h = x;                                                              // (B, T, E)
        foreach (var layer in layers)
        {
            h = layer.forward(h, mask);                                         // (B, T, E)
            attentions.Add(layer.attention_weights!.clone());                   // (B, h, T, T)
        }
        var alpha = pooling_weights ?? pool.forward(h, mask).weights;           // (B, T)
        var pooled = alpha.unsqueeze(1).bmm(h).squeeze(1);                      // (B, 1, T) x (B, T, E) -> (B, E)
        var logits = head.forward(pooled);                                      // (B, C)
        return new ClassifierPass(logits.MoveToOuterDisposeScope(), attentions.Select(a => a.MoveToOuterDisposeScope()).ToList(),
            pooling_weights ?? alpha.MoveToOuterDisposeScope(), h.MoveToOuterDisposeScope());
    }

    /// <summary>Mean pooling's weights, 1/n on each of the n real tokens: the uniform baseline.</summary>
    /// <param name="mask">(B, T), true = a real token.</param>
    /// <returns>(B, T).</returns>
    public static Tensor UniformWeights(Tensor mask)
    {
        var m = mask.to_type(ScalarType.Float32);
        return m / m.sum(-1, keepdim: true).clamp_min(1);
    }
}
