using AttentionCourse.Text;
using AttentionCourse.Attention;
using AttentionCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TransformerEncoder = AttentionCourse.Transformer.TransformerEncoder;

namespace AttentionCourse.Classification;

/// <summary>How a <see cref="PoolingClassifier"/> turns T token vectors into one.</summary>
public enum Pooling
{
    /// <summary>A learned query attends over the tokens (<see cref="AttentionPooling"/>).</summary>
    Attention,
    /// <summary>The masked mean (<see cref="MeanPooling"/>).</summary>
    Mean,
}

/// <summary>
/// Configuration of a <see cref="PoolingClassifier"/>; immutable, defaults sized for a 2-core CPU. Used in chapter 09.
/// </summary>
/// <param name="Vocab">Vocabulary size (id 0 is padding).</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="Pooling">Attention or mean pooling; default attention.</param>
/// <param name="EmbedDim">Width E; default 32.</param>
/// <param name="NumHeads">Heads of the encoder's self-attention; default 2.</param>
/// <param name="FeedForwardDim">Encoder feed-forward width; default 64.</param>
/// <param name="NumLayers">Encoder blocks between the embeddings and the pooling (0 = pool the embeddings); default 1.</param>
/// <param name="Dropout">Dropout in the encoder and before the head; default 0.1.</param>
/// <param name="MaxLen">Longest sequence; default 64.</param>
/// <param name="ScoreOnEmbeddings">Attention pooling scores the word embeddings (without positions) and pools the encoder's
/// outputs, so the weights pick words; false scores the encoder's outputs themselves. Default false.</param>
/// <param name="LocalContext">Before the encoder, mix each word with the word before it,
/// h_t = x_t + ReLU(W [x_t; x_{t-1}] + b) (a width-2 convolution), so that a vector knows its left neighbour and nothing
/// else; with <c>NumLayers = 0</c> this is the whole encoder. Default false.</param>
/// <param name="Queries">Attention pooling with more than one learned query (<see cref="MultiQueryPooling"/>, each query
/// reading E/Queries features of the encoder's outputs; not with <c>ScoreOnEmbeddings</c>). Default 1.</param>
public sealed record PoolingClassifierConfig(long Vocab, long Classes, Pooling Pooling = Pooling.Attention, long EmbedDim = 32,
    long NumHeads = 2, long FeedForwardDim = 64, int NumLayers = 1, double Dropout = 0.1, long MaxLen = 64, bool ScoreOnEmbeddings = false,
    bool LocalContext = false, long Queries = 1);

/// <summary>
/// A sequence classifier: word embeddings + learned positions, an optional small pre-LN Transformer encoder,
/// a pooling step (attention or mean), and a linear head: logits = W · pool(Encoder(E[x] + P)) + b.
/// Used in chapter 09.
/// </summary>
public sealed class PoolingClassifier : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>The configuration.</summary>
    public readonly PoolingClassifierConfig config;
    /// <summary>Word embeddings (Vocab, E).</summary>
    public readonly Embedding embedding;
    /// <summary>Learned positions.</summary>
    public readonly LearnedPositionalEncoding positions;
    /// <summary>The encoder; null when <see cref="PoolingClassifierConfig.NumLayers"/> is 0.</summary>
    public readonly TransformerEncoder? encoder;
    /// <summary>The attention pooling with one query; null for mean pooling or several queries.</summary>
    public readonly AttentionPooling? pooling;
    /// <summary>The attention pooling with several queries; null unless <see cref="PoolingClassifierConfig.Queries"/> &gt; 1.</summary>
    public readonly MultiQueryPooling? multi_pooling;
    /// <summary>The classification head E -> Classes.</summary>
    public readonly Linear head;
    /// <summary>The width-2 local mixing W: 2E -> E; null unless <see cref="PoolingClassifierConfig.LocalContext"/>.</summary>
    public readonly Linear? local;
    readonly Dropout drop;

    readonly KeptWeights kept = new();

    /// <summary>The pooling weights (B, T) (with several queries, their mean over the queries) of the latest forward when <see cref="need_weights"/> is on, for plotting and for measuring what the model looks at.</summary>
    public Tensor? pooling_weights => kept.Value;
    /// <summary>Keep the pooling weights of each forward (PyTorch's flag name); on by default, as <c>ClassifierTraining.Evaluate</c> reads them.</summary>
    public bool need_weights { get; set; } = true;

    /// <summary>Builds the model from <paramref name="config"/>.</summary>
    /// <param name="config">Sizes and pooling.</param>
    public PoolingClassifier(PoolingClassifierConfig config) : base(nameof(PoolingClassifier))
    {
        this.config = config;
        embedding = nn.Embedding(config.Vocab, config.EmbedDim, padding_idx: 0);
        positions = new LearnedPositionalEncoding(config.EmbedDim, config.MaxLen);
        if (config.NumLayers > 0)
            encoder = new TransformerEncoder(config.NumLayers, config.EmbedDim, config.NumHeads, config.FeedForwardDim, config.Dropout, norm_first: true);
        if (config.Pooling == Pooling.Attention && config.Queries > 1)
        {
            if (config.ScoreOnEmbeddings) throw new ArgumentException("Several queries score the encoder's outputs: set ScoreOnEmbeddings to false.");
            multi_pooling = new MultiQueryPooling(config.EmbedDim, config.Queries);
        }
        else if (config.Pooling == Pooling.Attention) pooling = new AttentionPooling(config.EmbedDim);
        head = nn.Linear(config.EmbedDim, config.Classes);
        if (config.LocalContext) local = nn.Linear(2 * config.EmbedDim, config.EmbedDim);
        drop = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <summary>Class logits for a batch of padded sequences.</summary>
    /// <param name="ids">Token ids (B, T), 0 = padding.</param>
    /// <param name="mask">(B, T), true = a real token.</param>
    /// <returns>Logits (B, Classes).</returns>
    public override Tensor forward(Tensor ids, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var words = embedding.forward(ids);                                      // (B, T, E)
        var x = positions.forward(words);                                        // (B, T, E)
        var h = local is null ? x : x + nn.functional.relu(local.forward(cat([x, ShiftRight(x)], -1))); // (B, T, E)
        if (encoder is not null) h = encoder.forward(h, mask);                  // (B, T, E)
        Tensor pooled, weights;
        if (multi_pooling is not null)
        {
            (pooled, weights) = multi_pooling.forward(h, mask);                  // (B, E), (B, r, T)
            weights = weights.mean([1]);                                         // (B, T)
        }
        else (pooled, weights) = pooling is null ? MeanPooling.forward(h, mask)
            : pooling.forward(config.ScoreOnEmbeddings ? words : h, h, mask);    // (B, E), (B, T)
        kept.Set(need_weights ? weights : null);
        return head.forward(drop.forward(pooled)).MoveToOuterDisposeScope();    // (B, Classes)
    }

    /// <summary>
    /// The attention pooling's score of every word of the vocabulary, s(w) = q · (W_k e_w) / √E, (Vocab). With
    /// <see cref="PoolingClassifierConfig.ScoreOnEmbeddings"/> a token's score depends on its word alone, so this one
    /// vector decides where the attention looks in every sentence: α_t = softmax over the sentence of s(x_t). Chapter 09
    /// reads it to see which words the pooling prefers.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model uses mean pooling or scores the encoder's outputs.</exception>
    public Tensor WordScores()
    {
        if (pooling is null || !config.ScoreOnEmbeddings)
            throw new InvalidOperationException("Word scores exist only for attention pooling with ScoreOnEmbeddings.");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var keys = pooling.key_proj.forward(embedding.weight!);                   // (Vocab, E)
        return (keys.matmul(pooling.query) / Math.Sqrt(config.EmbedDim)).MoveToOuterDisposeScope(); // (Vocab)
    }

    /// <summary>x_{t-1} for every t, zeros at t = 0.</summary>
    internal static Tensor ShiftRight(Tensor x) =>
        nn.functional.pad(x, [0, 0, 1, 0])[.., ..(int)x.shape[1]];               // (B, T, E)
}
