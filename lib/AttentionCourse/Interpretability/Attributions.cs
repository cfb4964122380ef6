using AttentionCourse.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Interpretability;

/// <summary>
/// Four ways to score how much each input token matters to a prediction of <see cref="ExplainedClassifier"/>, each
/// returning (B, T) with 0 on padding. The read-out of the model is the pooling, so the attention methods look from
/// its query: the pooling weights α pick the positions, and a layer's attention says where those positions looked.
/// Used in chapter 20.
/// </summary>
public static class Attributions
{
    /// <summary>
    /// Raw attention of each layer seen from the read-out, r_l = αᵀ Ā_l with Ā_l the heads' mean (B, T, T):
    /// the attention the positions the pooling reads paid to each token in layer l (Abnar &amp; Zuidema's "raw attention").
    /// </summary>
    /// <param name="pass">A forward pass (its attentions and pooling weights).</param>
    /// <returns>One (B, T) tensor per layer, layer 1 first; rows sum to 1.</returns>
    public static IReadOnlyList<Tensor> RawPerLayer(ClassifierPass pass) =>
        pass.Attentions.Select(a => pass.Pooling.unsqueeze(1).bmm(a.mean([1])).squeeze(1)).ToList();   // (B, 1, T) x (B, T, T)

    /// <summary>
    /// Attention rollout up to each layer seen from the read-out, αᵀ R_l with R_l = Â_l ⋯ Â_1 and Â = ½ Ā + ½ I
    /// (<see cref="AttentionRollout.Compute"/>, Abnar &amp; Zuidema 2020, §3).
    /// </summary>
    /// <param name="pass">A forward pass.</param>
    /// <param name="residual">Weight of the identity; default 0.5 as in the paper.</param>
    /// <returns>One (B, T) tensor per layer (rollout through layers 1..l), layer 1 first; rows sum to 1.</returns>
    public static IReadOnlyList<Tensor> RolloutPerLayer(ClassifierPass pass, double residual = 0.5) =>
        Enumerable.Range(1, pass.Attentions.Count).Select(l =>
        {
            using var rollout = AttentionRollout.Compute(pass.Attentions.Take(l).ToList(), residual);      // (B, T, T)
            return pass.Pooling.unsqueeze(1).bmm(rollout).squeeze(1);                                       // (B, T)
        }).ToList();

    /// <summary>
    /// Gradient × input (Shrikumar et al. 2016; Abnar &amp; Zuidema's "input gradients" use the gradient):
    /// |Σ_e x_te ∂z_ŷ/∂x_te| with x the encoder's input (token + position embedding) and z_ŷ the predicted logit.
    /// The absolute value ranks tokens by how much they move the prediction either way.
    /// </summary>
    /// <param name="model">The model (put in eval mode).</param>
    /// <param name="data">The sequences.</param>
    /// <returns>(B, T).</returns>
    public static Tensor GradientTimesInput(ExplainedClassifier model, MarkedBatch data)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        var x = model.Embed(data.Ids).detach().requires_grad_(true);                       // (B, T, E)
        var logits = model.Run(x, data.Mask).Logits;                                        // (B, C)
        var chosen = logits.gather(1, logits.argmax(-1, keepdim: true)).sum();              // Σ_b z_ŷ(b)
        var dx = autograd.grad([chosen], [x])[0];                                           // (B, T, E)
        var score = (dx * x).sum(-1).abs() * data.Mask.to_type(ScalarType.Float32);          // (B, T)
        return score.detach().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Leave-one-out (Abnar &amp; Zuidema's "blank-out"): the drop in the log-probability of the predicted class when
    /// token t is removed (masked out as a key in every layer and in the pooling), log p(ŷ | x) − log p(ŷ | x without t).
    /// The log keeps the drops apart when a confident model's probabilities all sit near 1.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="data">The sequences.</param>
    /// <returns>(B, T), signed; 0 on padding.</returns>
    public static Tensor LeaveOneOut(ExplainedClassifier model, MarkedBatch data)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = model.Embed(data.Ids);                                                       // (B, T, E)
        var probs = model.Run(x, data.Mask).Logits.log_softmax(-1);                          // (B, C) log p
        var predicted = probs.argmax(-1, keepdim: true);                                     // (B, 1)
        var p = probs.gather(1, predicted).squeeze(1);                                       // (B)
        long T = data.Ids.shape[1];
        var columns = new List<Tensor>();
        for (long t = 0; t < T; t++)
        {
            var keep = data.Mask.logical_and(arange(T).ne(t).unsqueeze(0));                  // (B, T) without t
            var pt = model.Run(x, keep).Logits.log_softmax(-1).gather(1, predicted).squeeze(1);   // (B)
            columns.Add(p - pt);
        }
        var scores = stack(columns, 1) * data.Mask.to_type(ScalarType.Float32);             // (B, T)
        return scores.MoveToOuterDisposeScope();
    }

    /// <summary>Per sequence, the first <paramref name="lengths"/>[i] scores of row i (the real tokens) as arrays.</summary>
    /// <param name="scores">(B, T).</param>
    /// <param name="lengths">Real length of each sequence.</param>
    public static List<float[]> Rows(Tensor scores, IReadOnlyList<int> lengths)
    {
        var all = scores.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray();
        int T = (int)scores.shape[1];
        return lengths.Select((n, i) => all.AsSpan(i * T, n).ToArray()).ToList();
    }
}
