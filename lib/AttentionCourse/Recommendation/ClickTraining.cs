using AttentionCourse.Data;
using AttentionCourse.Metrics;
using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Recommendation;

/// <summary>AUC and GAUC of one model on one set of impressions.</summary>
/// <param name="Auc">AUC over all impressions.</param>
/// <param name="Gauc">User-averaged AUC, weighted by impressions (<see cref="ClickTraining.Gauc"/>).</param>
public sealed record ClickScores(double Auc, double Gauc);

/// <summary>
/// Training and scoring of click models (chapters 16 and 21): <see cref="Fit"/> through the course's one
/// <see cref="Trainer"/> with binary cross-entropy, <see cref="Predict"/> for click probabilities,
/// <see cref="Weights"/> for the pooling weights, and the metrics AUC and GAUC.
/// </summary>
public static class ClickTraining
{
    /// <summary>
    /// Trains with Adam on binary cross-entropy, validating AUC after each epoch and keeping the best epoch
    /// (early stopping, patience 2). Defaults: 8 epochs, batch 256, learning rate 3e-3, one thread, quiet.
    /// </summary>
    /// <param name="model">A click model mapping (history (B, L), candidate (B)) to logits (B).</param>
    /// <param name="train">Training impressions.</param>
    /// <param name="validation">Validation impressions (other users than the test set).</param>
    /// <param name="epochs">Passes over the data; default 8.</param>
    /// <param name="seed">Seed of the batch order and of <c>torch.manual_seed</c>; default 0.</param>
    /// <param name="lr">Adam's learning rate; default 3e-3.</param>
    /// <param name="config">Overrides the training config (its Epochs, Seed and EarlyStop are set here); default quiet, 1 thread.</param>
    public static TrainingHistory Fit(nn.Module<Tensor, Tensor, Tensor> model, ClickTensors train, ClickTensors validation,
        int epochs = 8, int seed = 0, double lr = 3e-3, TrainingConfig? config = null)
    {
        var optimizer = optim.Adam(model.parameters(), lr);
        return Trainer.Fit(model, optimizer,
            Batches.FromTensors([train.History, train.Candidate, train.Label], batch_size: 256, seed: seed),
            b => nn.functional.binary_cross_entropy_with_logits(model.call(b[0], b[1]), b[2]),
            (config ?? TrainingConfig.Quiet with { Threads = 1 }) with
            {
                Epochs = epochs, Seed = seed, EarlyStop = new EarlyStop("auc", Patience: 2),
            },
            () => Ranking.Auc(Predict(model, validation), Labels(validation)), "auc", b => b[0].shape[0]);
    }

    /// <summary>Click probabilities σ(logit), in eval mode under no_grad, in chunks of 4096 rows.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Impressions.</param>
    public static double[] Predict(nn.Module<Tensor, Tensor, Tensor> model, ClickTensors data)
    {
        model.eval();
        var result = new List<double>();
        using var grad = no_grad();
        for (long s = 0; s < data.Count; s += 4096)
        {
            using var scope = NewDisposeScope();
            long e = Math.Min(data.Count, s + 4096);
            var p = model.call(data.History.narrow(0, s, e - s), data.Candidate.narrow(0, s, e - s)).sigmoid().to(ScalarType.Float64);
            result.AddRange(p.data<double>().ToArray());
        }
        return [.. result];
    }

    /// <summary>The pooling weights of a <see cref="DeepInterestNetwork"/> for each impression: row r has one weight per real history item.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Impressions, histories right-padded.</param>
    public static float[][] Weights(DeepInterestNetwork model, ClickTensors data)
    {
        model.eval();
        model.need_weights = true;
        try
        {
            var rows = new List<float[]>();
            using var grad = no_grad();
            for (long s = 0; s < data.Count; s += 4096)
            {
                using var scope = NewDisposeScope();
                long e = Math.Min(data.Count, s + 4096);
                var history = data.History.narrow(0, s, e - s);
                model.forward(history, data.Candidate.narrow(0, s, e - s));
                var w = model.attention_weights!.to(ScalarType.Float32);
                var lengths = history.ne(0).sum(1).data<long>().ToArray();
                for (int r = 0; r < lengths.Length; r++) rows.Add(w[r, ..(int)lengths[r]].data<float>().ToArray());
            }
            return [.. rows];
        }
        finally { model.need_weights = false; }
    }

    /// <summary>The labels as booleans.</summary>
    /// <param name="data">Impressions.</param>
    public static bool[] Labels(ClickTensors data) => data.Label.data<float>().Select(l => l > 0.5f).ToArray();

    /// <summary>
    /// GAUC (Zhou et al. 2018, Eq. 5): the AUC of each user's impressions, averaged over users weighted by their
    /// number of impressions; users whose impressions are all clicks or all non-clicks have no AUC and are left out.
    /// </summary>
    /// <param name="scores">One score per impression.</param>
    /// <param name="labels">Clicks.</param>
    /// <param name="users">User of each impression.</param>
    public static double Gauc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, IReadOnlyList<int> users)
    {
        double sum = 0, weight = 0;
        foreach (var g in Enumerable.Range(0, scores.Count).GroupBy(i => users[i]))
        {
            var rows = g.ToArray();
            int positives = rows.Count(i => labels[i]);
            if (positives == 0 || positives == rows.Length) continue;
            sum += rows.Length * Ranking.Auc(rows.Select(i => scores[i]).ToArray(), rows.Select(i => labels[i]).ToArray());
            weight += rows.Length;
        }
        if (weight == 0) throw new ArgumentException("GAUC needs at least one user with both a click and a non-click.", nameof(labels));
        return sum / weight;
    }

    /// <summary>AUC and GAUC of <paramref name="scores"/> on <paramref name="data"/>.</summary>
    /// <param name="scores">One score per impression (a model's probabilities, or the true ones for the oracle).</param>
    /// <param name="data">Impressions.</param>
    public static ClickScores Evaluate(IReadOnlyList<double> scores, ClickTensors data)
    {
        var labels = Labels(data);
        return new ClickScores(Ranking.Auc(scores, labels), Gauc(scores, labels, data.Users));
    }

    /// <summary>
    /// Share of the pooling weight on the trigger item, over the impressions whose trigger is in the history:
    /// |w_trigger| / Σ_j |w_j| (absolute values, because DIN's unnormalised weights can be negative), averaged; and the
    /// share of those impressions whose largest |w_j| is the trigger.
    /// </summary>
    /// <param name="weights">Per impression, one weight per real history item (<see cref="Weights"/>).</param>
    /// <param name="impressions">The impressions, in the same order, with their trigger positions.</param>
    public static (double MeanShare, double ArgmaxShare, int Count) TriggerShare(IReadOnlyList<float[]> weights, IReadOnlyList<Impression> impressions)
    {
        var rows = Triggered(impressions);
        double share = 0, top = 0;
        foreach (var r in rows)
        {
            var a = weights[r].Select(Math.Abs).ToArray();
            int t = impressions[r].TriggerPosition;
            share += a[t] / Math.Max(a.Sum(), 1e-12);
            top += Array.IndexOf(a, a.Max()) == t ? 1 : 0;
        }
        return (share / rows.Length, top / rows.Length, rows.Length);
    }

    /// <summary>
    /// Why a share of |w| can stay small although the trigger wins (chapter 16): over the impressions whose trigger is
    /// in the history, the mean |w| on the trigger, the mean |w| on one other history item, the fraction of all those
    /// weights that are negative (DIN's unnormalised unit has no sign constraint; a softmax has none below 0), and the
    /// fraction of the impressions whose signed ratio w_trigger / Σ_j w_j falls outside [0, 1] (is no share at all).
    /// </summary>
    /// <param name="weights">Per impression, one weight per real history item (<see cref="Weights"/>).</param>
    /// <param name="impressions">The impressions, in the same order, with their trigger positions.</param>
    public static (double TriggerAbs, double OtherAbs, double NegativeFraction, double SignedRatioOutside) WeightProfile(
        IReadOnlyList<float[]> weights, IReadOnlyList<Impression> impressions)
    {
        var rows = Triggered(impressions);
        double trigger = 0, other = 0, negative = 0, outside = 0;
        int others = 0, all = 0;
        foreach (var r in rows)
        {
            var w = weights[r];
            int t = impressions[r].TriggerPosition;
            double ratio = w[t] / w.Sum();
            if (!(ratio >= 0 && ratio <= 1)) outside++;                 // NaN (a zero sum) counts as outside too
            for (int j = 0; j < w.Length; j++)
            {
                all++;
                if (w[j] < 0) negative++;
                if (j == t) trigger += Math.Abs(w[j]);
                else { other += Math.Abs(w[j]); others++; }
            }
        }
        return (trigger / rows.Length, other / Math.Max(others, 1), negative / all, outside / rows.Length);
    }

    static int[] Triggered(IReadOnlyList<Impression> impressions)
    {
        var rows = Enumerable.Range(0, impressions.Count).Where(r => impressions[r].TriggerPosition >= 0).ToArray();
        if (rows.Length == 0) throw new ArgumentException("No impression has its trigger in the history.", nameof(impressions));
        return rows;
    }
}
