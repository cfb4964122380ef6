using static TorchSharp.torch;

namespace AttentionCourse.Vision;

/// <summary>
/// Attention rollout (Abnar &amp; Zuidema 2020, §3): how much each input token reaches each output position through
/// all layers, counting the residual path. Per layer, average the heads, mix in the identity,
/// Â_l = (1 − r) A_l + r I, renormalise the rows, and multiply through the layers: R = Â_L ⋯ Â_2 Â_1.
/// Chapters 13 and 20.
/// </summary>
public static class AttentionRollout
{
    /// <summary>Rolls attention out through the layers, first layer first.</summary>
    /// <param name="attentions">One tensor per layer, (B, h, T, T), rows = queries summing to 1; layer 1 first.</param>
    /// <param name="residual">r, the weight of the identity (the residual connection); default 0.5 as in the paper.</param>
    /// <returns>(B, T, T): row i is how much each input token contributes to position i after the last layer.</returns>
    public static Tensor Compute(IReadOnlyList<Tensor> attentions, double residual = 0.5)
    {
        if (attentions.Count == 0) throw new ArgumentException("Rollout needs the attention of at least one layer.", nameof(attentions));
        if (residual is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(residual), residual, "The residual weight must be in [0, 1].");
        using var scope = NewDisposeScope();
        Tensor? rollout = null;
        foreach (var layer in attentions)
        {
            if (layer.dim() != 4 || layer.shape[2] != layer.shape[3])
                throw new ArgumentException($"Each layer's attention must be (B, h, T, T); got ({string.Join(", ", layer.shape)}).", nameof(attentions));
            var a = layer.mean([1]);                                                        // (B, T, T) heads averaged
            var mixed = (1 - residual) * a + residual * eye(a.shape[1], dtype: a.dtype, device: a.device);  // (B, T, T)
            mixed = mixed / mixed.sum(-1, keepdim: true);                                   // rows sum to 1 again
            rollout = rollout is null ? mixed : mixed.matmul(rollout);                      // (B, T, T) later layer on the left
        }
        return rollout!.MoveToOuterDisposeScope();
    }
}
