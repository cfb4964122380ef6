using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Interpretability;

/// <summary>
/// Removing attention heads (Michel et al. 2019, "Are Sixteen Heads Really Better than One?"). A head is masked by
/// multiplying its output by ξ_h = 0 before the output projection, MHAtt(x) = Σ_h ξ_h Att_h(x) W^O_h; here that is
/// done by zeroing head h's columns of W^O, which is the same thing. The importance proxy is the paper's eq. 2,
/// I_h = E_x |∂L(x)/∂ξ_h|. Used in chapter 20.
/// </summary>
public static class HeadAblation
{
    /// <summary>Runs <paramref name="action"/> with the heads where <paramref name="keep"/>[l, h] is false masked, then restores them.</summary>
    /// <param name="model">The model (its weights are restored afterwards).</param>
    /// <param name="keep">(layers, heads): false = mask this head.</param>
    /// <param name="action">What to measure while the heads are masked.</param>
    public static T WithHeadsMasked<T>(ExplainedClassifier model, bool[,] keep, Func<T> action)
    {
        var saved = model.layers.Select(l => l.self_attn.out_proj.weight!.detach().clone()).ToList();
        try
        {
            using (no_grad())
                for (int l = 0; l < model.layers.Count; l++)
                {
                    var attn = model.layers[l].self_attn;
                    for (int h = 0; h < attn.num_heads; h++)
                        if (!keep[l, h]) attn.out_proj.weight!.narrow(1, h * attn.head_dim, attn.head_dim).zero_();  // (E, d_k)
                }
            return action();
        }
        finally
        {
            using (no_grad())
                for (int l = 0; l < model.layers.Count; l++) model.layers[l].self_attn.out_proj.weight!.copy_(saved[l]);
            saved.ForEach(s => s.Dispose());
        }
    }

    /// <summary>Accuracy with each head removed alone, [layer, head].</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Evaluation data.</param>
    public static double[,] AccuracyWithoutEachHead(ExplainedClassifier model, MarkedBatch data)
    {
        var (L, H) = Shape(model);
        var result = new double[L, H];
        for (int l = 0; l < L; l++)
            for (int h = 0; h < H; h++)
            {
                var keep = AllKept(L, H);
                keep[l, h] = false;
                result[l, h] = WithHeadsMasked(model, keep, () => ExplainedTraining.Accuracy(model, data));
            }
        return result;
    }

    /// <summary>
    /// Michel et al.'s proxy I_h = mean over sequences of |∂L(x)/∂ξ_h| at ξ = 1, with L the cross-entropy of the true
    /// label. Since ξ_h scales head h's columns of W^O, ∂L/∂ξ_h = Σ (W^O_h ⊙ ∂L/∂W^O_h), taken one sequence at a time.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Sequences to average over.</param>
    /// <returns>[layer, head] importance.</returns>
    public static double[,] Importance(ExplainedClassifier model, MarkedBatch data)
    {
        model.eval();
        var (L, H) = Shape(model);
        var importance = new double[L, H];
        long N = data.Ids.shape[0];
        var weights = model.layers.Select(l => l.self_attn.out_proj.weight!).ToList();
        for (long n = 0; n < N; n++)
        {
            CellInterrupt.ThrowIfRequested("head importance");
            using var scope = NewDisposeScope();
            using var grad = enable_grad();
            var logits = model.forward(data.Ids.narrow(0, n, 1), data.Mask.narrow(0, n, 1));     // (1, C)
            var loss = nn.functional.cross_entropy(logits, data.Labels.narrow(0, n, 1));
            var grads = autograd.grad([loss], weights.Cast<Tensor>().ToList());                  // each (E, E)
            for (int l = 0; l < L; l++)
            {
                var d = model.layers[l].self_attn.head_dim;
                var perHead = (grads[l] * weights[l]).view(-1, H, d).sum([0, 2]);                // (H)
                var values = perHead.data<float>().ToArray();
                for (int h = 0; h < H; h++) importance[l, h] += Math.Abs(values[h]) / N;
            }
        }
        return importance;
    }

    /// <summary>
    /// Accuracy as heads are removed one by one in the given order (cumulatively): entry k is the accuracy with the
    /// first k heads of <paramref name="order"/> masked, k = 0..L·H.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Evaluation data.</param>
    /// <param name="order">(layer, head) pairs, first removed first.</param>
    public static double[] PruningCurve(ExplainedClassifier model, MarkedBatch data, IReadOnlyList<(int Layer, int Head)> order)
    {
        var (L, H) = Shape(model);
        var keep = AllKept(L, H);
        var curve = new List<double> { ExplainedTraining.Accuracy(model, data) };
        foreach (var (l, h) in order)
        {
            keep[l, h] = false;
            curve.Add(WithHeadsMasked(model, keep, () => ExplainedTraining.Accuracy(model, data)));
        }
        return [.. curve];
    }

    /// <summary>All heads ordered from least to most important (the order Michel et al. prune in).</summary>
    /// <param name="importance">[layer, head] scores.</param>
    public static List<(int Layer, int Head)> LeastImportantFirst(double[,] importance) =>
        Enumerable.Range(0, importance.GetLength(0))
            .SelectMany(l => Enumerable.Range(0, importance.GetLength(1)).Select(h => (l, h)))
            .OrderBy(p => importance[p.l, p.h]).ToList();

    static (int L, int H) Shape(ExplainedClassifier model) => (model.layers.Count, (int)model.layers[0].self_attn.num_heads);

    static bool[,] AllKept(int L, int H)
    {
        var keep = new bool[L, H];
        for (int l = 0; l < L; l++) for (int h = 0; h < H; h++) keep[l, h] = true;
        return keep;
    }
}
