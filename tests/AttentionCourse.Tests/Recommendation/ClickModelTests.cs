using AttentionCourse.Recommendation;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Recommendation;

public class ClickModelTests
{
    public ClickModelTests() => T.Init();

    static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void Triggers_form_a_bijection_that_always_crosses_categories()
    {
        var log = ClickLog.Generate(new ClickConfig(Users: 10), seed: 0);
        var targets = log.Trigger.Skip(1).ToArray();
        Assert.Equal(Enumerable.Range(1, log.NumItems), targets.Order());
        Assert.All(Enumerable.Range(1, log.NumItems), t => Assert.NotEqual(log.Category[t], log.Category[log.Trigger[t]]));
    }

    [Fact]
    public void Each_impression_records_its_trigger_position_and_one_of_the_four_true_probabilities()
    {
        var config = new ClickConfig(Users: 500);
        var log = ClickLog.Generate(config, seed: 3);
        double[] withTrigger = [Sigmoid(config.BaseLogit + config.TriggerLogit), Sigmoid(config.BaseLogit + config.TriggerLogit + config.CategoryLogit)];
        double[] without = [Sigmoid(config.BaseLogit), Sigmoid(config.BaseLogit + config.CategoryLogit)];
        foreach (var i in log.Impressions)
        {
            Assert.Equal(Array.IndexOf(i.History, log.Trigger[i.Candidate]), i.TriggerPosition);
            Assert.DoesNotContain(i.Candidate, i.History);
            Assert.Contains(i.TrueProbability, i.TriggerPosition >= 0 ? withTrigger : without);
        }
        // The clicks are Bernoulli draws of the recorded probabilities: 4,000 impressions put the rates within 0.03.
        Assert.InRange(log.Impressions.Average(i => i.Clicked ? 1.0 : 0.0) - log.Impressions.Average(i => i.TrueProbability), -0.03, 0.03);
    }

    [Fact]
    public void Same_seed_gives_the_same_log()
    {
        var (a, b) = (ClickLog.Generate(new ClickConfig(Users: 50), 9), ClickLog.Generate(new ClickConfig(Users: 50), 9));
        Assert.Equal(a.Impressions.Select(i => (i.Candidate, i.Clicked, string.Join(",", i.History))),
                     b.Impressions.Select(i => (i.Candidate, i.Clicked, string.Join(",", i.History))));
    }

    [Fact]
    public void Gauc_weights_per_user_auc_by_impressions_and_skips_single_class_users()
    {
        double[] scores = [0.9, 0.1, 0.2, 0.8, 0.5, 0.3, 0.4];
        bool[] labels = [true, false, true, false, false, true, true];
        int[] users = [1, 1, 2, 2, 2, 3, 3];
        // user 1: AUC 1 over 2 impressions; user 2: the click scores lowest, AUC 0 over 3; user 3 has no non-click.
        Assert.Equal((2 * 1.0 + 3 * 0.0) / 5, ClickTraining.Gauc(scores, labels, users), 12);
    }

    [Fact]
    public void Trigger_share_uses_absolute_weights_over_impressions_with_a_trigger()
    {
        Impression Imp(int pos) => new(0, [1, 2, 3], 4, true, 0.5, pos);
        float[][] w = [[1f, -1f, 2f], [5f, 5f, 5f], [0f, 3f, 1f]];
        var (share, top, count) = ClickTraining.TriggerShare(w, [Imp(2), Imp(-1), Imp(1)]);
        Assert.Equal(2, count);
        Assert.Equal((2.0 / 4 + 3.0 / 4) / 2, share, 6);
        Assert.Equal(1.0, top);
    }

    [Fact]
    public void Weight_profile_averages_trigger_and_other_magnitudes_and_counts_negatives_by_hand()
    {
        Impression Imp(int pos) => new(0, [1, 2, 3], 4, true, 0.5, pos);
        float[][] w = [[1f, -1f, 2f], [5f, 5f, -5f], [0f, 3f, -0.5f]];
        var (trigger, other, negative, outside) = ClickTraining.WeightProfile(w, [Imp(2), Imp(-1), Imp(1)]);
        Assert.Equal((2.0 + 3.0) / 2, trigger, 6);              // rows 0 and 2 only; row 1 has no trigger
        Assert.Equal((1.0 + 1.0 + 0.0 + 0.5) / 4, other, 6);    // |1|, |-1| from row 0; |0|, |-0.5| from row 2
        Assert.Equal(2.0 / 6, negative, 12);                    // -1 and -0.5 among six weights
        Assert.Equal(0.5, outside, 12);                         // row 0: 2 / 2 = 1 is inside; row 2: 3 / 2.5 is not
        Assert.Throws<ArgumentException>(() => ClickTraining.WeightProfile(w, [Imp(-1), Imp(-1), Imp(-1)]));
    }

    static (Tensor History, Tensor Candidate) Batch()
    {
        var history = tensor(new long[] { 5, 9, 2, 0, 0, 7, 1, 3, 4, 6 }, [2, 5]);
        return (history, tensor(new long[] { 8, 2 }));
    }

    [Theory]
    [InlineData(HistoryPooling.Attention)]
    [InlineData(HistoryPooling.SoftmaxAttention)]
    [InlineData(HistoryPooling.Mean)]
    public void Pooling_equals_a_hand_loop_and_gives_padding_exactly_zero_weight(HistoryPooling pooling)
    {
        var model = new DeepInterestNetwork(new DinConfig(10, pooling)) { need_weights = true };
        var (history, candidate) = Batch();
        using var _ = no_grad();
        var logits = model.forward(history, candidate);
        var w = model.attention_weights!;
        Assert.Equal(0f, w[0, 3].item<float>());
        Assert.Equal(0f, w[0, 4].item<float>());
        // Row 0 by hand: three real items; unit scores one at a time; v = Σ w_j e_j; logit = MLP([v, e_t]).
        var e_t = model.item_emb.forward(candidate[..1]);                                            // (1, d)
        var scores = Enumerable.Range(0, 3).Select(j => model.unit.forward(model.item_emb.forward(history[..1, j..(j + 1)]), e_t)
            .item<float>()).ToArray();
        double[] weights = pooling switch
        {
            HistoryPooling.Mean => [1 / 3.0, 1 / 3.0, 1 / 3.0],
            HistoryPooling.SoftmaxAttention => scores.Select(s => Math.Exp(s) / scores.Sum(x => Math.Exp(x))).ToArray(),
            _ => scores.Select(s => (double)s).ToArray(),
        };
        var v = zeros(1, model.config.EmbedDim);
        for (int j = 0; j < 3; j++) v += weights[j] * model.item_emb.forward(history[..1, j..(j + 1)]).squeeze(1);
        var expected = model.mlp.forward(cat([v, e_t], -1)).squeeze(-1);
        T.Close(expected, logits[..1], 1e-5);
    }

    [Fact]
    public void Din_is_invariant_to_the_order_of_the_history()
    {
        var model = new DeepInterestNetwork(new DinConfig(10));
        var (history, candidate) = Batch();
        var shuffled = tensor(new long[] { 2, 5, 9, 0, 0, 3, 6, 1, 7, 4 }, [2, 5]);
        using var _ = no_grad();
        T.Close(model.forward(history, candidate), model.forward(shuffled, candidate), 1e-5);
    }

    [Fact]
    public void Training_on_a_small_log_beats_chance_and_stays_below_the_oracle()
    {
        var config = new ClickConfig(Users: 1500);
        var (train, valid) = (ClickLog.Generate(config, 1), ClickLog.Generate(config with { Users = 300 }, 2, 10_000));
        var (tr, va) = (ClickTensors.From(train.Impressions, 24), ClickTensors.From(valid.Impressions, 24));
        manual_seed(0);
        var model = new DeepInterestNetwork(new DinConfig(train.NumItems));
        ClickTraining.Fit(model, tr, va, epochs: 8, lr: 5e-3);
        var auc = ClickTraining.Evaluate(ClickTraining.Predict(model, va), va).Auc;
        var oracle = ClickTraining.Evaluate(valid.Impressions.Select(i => i.TrueProbability).ToArray(), va).Auc;
        Assert.InRange(auc, 0.6, oracle + 0.02);
    }
}
