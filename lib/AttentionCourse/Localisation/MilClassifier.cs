using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Localisation;

/// <summary>How a <see cref="MilClassifier"/> pools its patch embeddings.</summary>
public enum MilPooling
{
    /// <summary>z = mean_k h_k: every patch counts the same (no attention).</summary>
    Mean,
    /// <summary>Ilse et al. (2018) attention, Eq. 8.</summary>
    Attention,
    /// <summary>Ilse et al. (2018) gated attention, Eq. 9.</summary>
    Gated,
}

/// <summary>
/// A multiple-instance image classifier: each patch x_k (p² pixels) is embedded alone, h_k = ReLU(W_2 ReLU(W_1 x_k)),
/// the K embeddings are pooled into one vector (mean, attention or gated attention), and a linear layer gives the class
/// logits. It never sees where a patch is, and is trained with image labels only. Used in chapter 14.
/// </summary>
public sealed class MilClassifier : nn.Module<Tensor, Tensor>
{
    /// <summary>The patch embedding W_1, W_2 with ReLUs: p² -> M -> M.</summary>
    public readonly Sequential embed;
    /// <summary>The attention pooling, or null for mean pooling.</summary>
    public readonly AttentionMilPooling? pool;
    /// <summary>The classifier M -> C.</summary>
    public readonly Linear classifier;
    /// <summary>The pooling kind.</summary>
    public readonly MilPooling pooling;
    readonly int patch;

    /// <summary>Creates the model.</summary>
    /// <param name="pooling">Mean, attention or gated attention.</param>
    /// <param name="patch">Patch side p.</param>
    /// <param name="classes">Classes C; default 4.</param>
    /// <param name="embed_dim">M; default 64.</param>
    /// <param name="attention_dim">L of the attention network; default 32.</param>
    public MilClassifier(MilPooling pooling, int patch, int classes = 4, long embed_dim = 64, long attention_dim = 32) : base(nameof(MilClassifier))
    {
        (this.pooling, this.patch) = (pooling, patch);
        embed = nn.Sequential(nn.Linear(patch * patch, embed_dim), nn.ReLU(), nn.Linear(embed_dim, embed_dim), nn.ReLU());
        pool = pooling == MilPooling.Mean ? null : new AttentionMilPooling(embed_dim, attention_dim, gated: pooling == MilPooling.Gated);
        classifier = nn.Linear(embed_dim, classes);
        RegisterComponents();
    }

    /// <summary>Class logits.</summary>
    /// <param name="images">(B, S, S).</param>
    /// <returns>(B, C).</returns>
    public override Tensor forward(Tensor images) => Explain(images).logits;

    /// <summary>
    /// Class logits and a map over the patches. Attention models: the weights a_k (rows sum to 1). Mean pooling: the
    /// class-activation map w_c · h_k of the predicted class c (Zhou et al. 2016), since the mean-pooled logit is the mean
    /// of those per-patch logits plus the bias.
    /// </summary>
    /// <param name="images">(B, S, S).</param>
    /// <returns>logits (B, C) and map (B, K).</returns>
    public (Tensor logits, Tensor map) Explain(Tensor images)
    {
        using var scope = NewDisposeScope();
        var h = embed.forward(MarkedPatches.Patches(images, patch));           // (B, K, M)
        Tensor z, map;
        if (pool is null)
        {
            z = h.mean([1]);                                                   // (B, M)
            var logits0 = classifier.forward(z);                               // (B, C)
            var wc = classifier.weight![logits0.argmax(1)];                    // (B, M) weights of the predicted class
            map = h.bmm(wc.unsqueeze(2)).squeeze(2);                           // (B, K)
            return (logits0.MoveToOuterDisposeScope(), map.MoveToOuterDisposeScope());
        }
        (z, map) = pool.forward(h);                                            // (B, M), (B, K)
        return (classifier.forward(z).MoveToOuterDisposeScope(), map.MoveToOuterDisposeScope());
    }
}
