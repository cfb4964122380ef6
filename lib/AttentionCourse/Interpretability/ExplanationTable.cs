using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Interpretability;

/// <summary>One row of <see cref="ExplanationTable.Compute"/>: Spearman ρ of a method's token scores, mean ± std over sequences.</summary>
/// <param name="Method">e.g. "raw attention, layer 1".</param>
/// <param name="GoldMean">Mean ρ with the ground truth (1 on the two markers, 0 elsewhere).</param>
/// <param name="GoldStd">Its standard deviation over sequences.</param>
/// <param name="LooMean">Mean ρ with leave-one-out.</param>
/// <param name="LooStd">Its standard deviation over sequences.</param>
public sealed record CorrelationRow(string Method, double GoldMean, double GoldStd, double LooMean, double LooStd);

/// <summary>
/// Every explanation method of <see cref="Attributions"/> on one model, scored like Abnar &amp; Zuidema's table 1:
/// per sequence the Spearman correlation over its real tokens with the ground truth and with leave-one-out, then the
/// mean and standard deviation over sequences. A row of random scores is the floor. Used in chapter 20.
/// </summary>
public static class ExplanationTable
{
    /// <summary>The rows, in the order raw attention per layer, pooling, rollout per layer, gradient × input, leave-one-out, random.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="data">Evaluation sequences.</param>
    /// <param name="seed">Seed of the random scores; default 0.</param>
    public static List<CorrelationRow> Compute(ExplainedClassifier model, MarkedBatch data, int seed = 0)
    {
        using var scope = NewDisposeScope();
        var scores = Methods(model, data, seed);
        var gold = Attributions.Rows(data.Gold, data.Lengths);
        var loo = Attributions.Rows(scores["leave-one-out"], data.Lengths);
        return scores.Select(kv =>
        {
            var rows = Attributions.Rows(kv.Value, data.Lengths);
            var g = Spearman.MeanOverExamples(rows, gold, data.Lengths);
            var l = Spearman.MeanOverExamples(rows, loo, data.Lengths);
            return new CorrelationRow(kv.Key, g.Mean, g.Std, l.Mean, l.Std);
        }).ToList();
    }

    /// <summary>Every method's (B, T) token scores by name, in table order.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="data">The sequences.</param>
    /// <param name="seed">Seed of the random scores; default 0.</param>
    public static Dictionary<string, Tensor> Methods(ExplainedClassifier model, MarkedBatch data, int seed = 0)
    {
        model.eval();
        ClassifierPass pass;
        using (no_grad()) pass = model.Run(model.Embed(data.Ids), data.Mask);
        var result = new Dictionary<string, Tensor>();
        var raw = Attributions.RawPerLayer(pass);
        for (int l = 0; l < raw.Count; l++) result[$"raw attention, layer {l + 1}"] = raw[l];
        result["pooling weights α"] = pass.Pooling;
        var rollout = Attributions.RolloutPerLayer(pass);
        for (int l = 0; l < rollout.Count; l++) result[$"rollout, layers 1-{l + 1}"] = rollout[l];
        result["gradient × input"] = Attributions.GradientTimesInput(model, data);
        result["leave-one-out"] = Attributions.LeaveOneOut(model, data);
        result["random scores"] = rand(data.Ids.shape, generator: new Generator((ulong)seed)) * data.Mask.to_type(ScalarType.Float32);
        return result;
    }
}
