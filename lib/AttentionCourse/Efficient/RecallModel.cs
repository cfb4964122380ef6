using AttentionCourse.Attention;
using AttentionCourse.Transformer;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Efficient;

/// <summary>Which attention a <see cref="RecallModel"/> uses.</summary>
public enum AttentionKind
{
    /// <summary>Softmax attention over every position (optionally restricted by a mask).</summary>
    Softmax,
    /// <summary>Linear attention, φ(x) = elu(x) + 1 (<see cref="LinearAttention"/>).</summary>
    Linear,
}

/// <summary>
/// A small pre-LN Transformer encoder for <see cref="AssociativeRecall"/>: each position's embedding is key + value +
/// position; layers of multi-head attention (softmax with an optional (n, n) mask, or linear) and a feed-forward
/// network; the last position's output predicts the value. Chapter 19 compares full, sliding-window, strided and
/// linear attention with it.
/// </summary>
public sealed class RecallModel : nn.Module<Tensor, Tensor, Tensor>
{
    readonly Embedding keyEmbedding, valueEmbedding, positionEmbedding;
    readonly ModuleList<Linear> qkv, output;
    readonly ModuleList<LayerNorm> norm1, norm2;
    readonly ModuleList<FeedForward> feedForward;
    readonly LayerNorm finalNorm;
    readonly Linear head;
    readonly long heads;
    readonly AttentionKind kind;
    readonly Tensor? mask;

    /// <summary>Creates the model.</summary>
    /// <param name="task">The task (vocabulary sizes and length).</param>
    /// <param name="kind">Softmax or linear attention.</param>
    /// <param name="mask">Optional (n, n) bool pattern for softmax attention (true = attend); null = full.</param>
    /// <param name="embed_dim">Width; default 64.</param>
    /// <param name="num_heads">Heads; default 4.</param>
    /// <param name="num_layers">Layers; default 2.</param>
    public RecallModel(AssociativeRecall task, AttentionKind kind = AttentionKind.Softmax, Tensor? mask = null,
        long embed_dim = 64, long num_heads = 4, int num_layers = 2) : base(nameof(RecallModel))
    {
        keyEmbedding = nn.Embedding(task.Keys, embed_dim);
        valueEmbedding = nn.Embedding(task.Values + 1, embed_dim);
        positionEmbedding = nn.Embedding(task.Pairs + 1, embed_dim);
        qkv = nn.ModuleList(Enumerable.Range(0, num_layers).Select(_ => nn.Linear(embed_dim, 3 * embed_dim)).ToArray());
        output = nn.ModuleList(Enumerable.Range(0, num_layers).Select(_ => nn.Linear(embed_dim, embed_dim)).ToArray());
        norm1 = nn.ModuleList(Enumerable.Range(0, num_layers).Select(_ => nn.LayerNorm(embed_dim)).ToArray());
        norm2 = nn.ModuleList(Enumerable.Range(0, num_layers).Select(_ => nn.LayerNorm(embed_dim)).ToArray());
        feedForward = nn.ModuleList(Enumerable.Range(0, num_layers).Select(_ => new FeedForward(embed_dim, 2 * embed_dim, 0.0)).ToArray());
        finalNorm = nn.LayerNorm(embed_dim);
        head = nn.Linear(embed_dim, task.Values);
        (heads, this.kind) = (num_heads, kind);
        this.mask = mask?.detach().DetachFromDisposeScope();
        RegisterComponents();
    }

    /// <summary>Value logits for the query at the last position.</summary>
    /// <param name="keys">(B, n) key ids.</param>
    /// <param name="values">(B, n) value ids.</param>
    /// <returns>(B, Values).</returns>
    public override Tensor forward(Tensor keys, Tensor values)
    {
        using var scope = NewDisposeScope();
        var (B, n) = (keys.shape[0], keys.shape[1]);
        var x = keyEmbedding.call(keys) + valueEmbedding.call(values) + positionEmbedding.call(arange(n)); // (B, n, E)
        for (int l = 0; l < qkv.Count; l++)
        {
            var E = x.shape[2];
            var parts = qkv[l].call(norm1[l].call(x)).view(B, n, 3, heads, E / heads).permute(2, 0, 3, 1, 4); // (3, B, h, n, d)
            var (q, k, v) = (parts[0], parts[1], parts[2]);                                               // (B, h, n, d)
            var attended = kind == AttentionKind.Linear
                ? LinearAttention.Parallel(q, k, v, is_causal: false)
                : ScaledDotProductAttention.forward(q, k, v, mask).output;                               // (B, h, n, d)
            x = x + output[l].call(attended.transpose(1, 2).reshape(B, n, E));                           // (B, n, E)
            x = x + feedForward[l].call(norm2[l].call(x));
        }
        return head.call(finalNorm.call(x[.., -1])).MoveToOuterDisposeScope();                          // (B, Values)
    }
}
