using TorchSharp;
using AttentionCourse.Interpretability;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Interpretability;

public class ExplainedClassifierTests
{
    public ExplainedClassifierTests() => T.Init();

    static (ExplainedClassifier Model, MarkedBatch Data) Small()
    {
        manual_seed(3);
        var model = new ExplainedClassifier(new ExplainedClassifierConfig(MarkedTokens.Vocabulary.Length, 14, EmbedDim: 16, NumLayers: 2));
        model.eval();
        return (model, MarkedTokens.Encode(MarkedTokens.Generate(6, seed: 5)));
    }

    [Fact]
    public void Generator_labels_are_the_xor_of_the_two_marker_bits_and_gold_marks_them()
    {
        var examples = MarkedTokens.Generate(300, seed: 9);
        foreach (var e in examples)
        {
            var markers = Enumerable.Range(0, e.Tokens.Length).Where(i => MarkedTokens.Markers.Contains(e.Tokens[i])).ToArray();
            Assert.Equal(e.Marked, markers);
            Assert.Equal(MarkedTokens.Bit(e.Tokens[markers[0]]) ^ MarkedTokens.Bit(e.Tokens[markers[1]]), e.Label);
            Assert.InRange(e.Tokens.Length, 8, 14);
        }
        var batch = MarkedTokens.Encode(examples);
        Assert.Equal(600.0, batch.Gold.sum().item<float>());
        Assert.Equal(batch.Lengths.Sum(), batch.Mask.sum().item<long>());
        Assert.InRange(examples.Average(e => e.Label), 0.4, 0.6);
    }

    [Fact]
    public void Raw_attention_and_rollout_rows_sum_to_one_and_raw_is_alpha_times_the_head_mean()
    {
        var (model, data) = Small();
        using var _ = no_grad();
        var pass = model.Run(model.Embed(data.Ids), data.Mask);
        var raw = Attributions.RawPerLayer(pass);
        foreach (var r in raw.Concat(Attributions.RolloutPerLayer(pass)))
            T.Close(ones(6), r.sum(-1), 1e-5);
        // Sequence 0 by hand: Σ_i α_i · mean_h A[h, i, j].
        var a = pass.Attentions[1][0].mean([0]);                                    // (T, T)
        var expected = (pass.Pooling[0].unsqueeze(1) * a).sum([0]);                   // (T)
        T.Close(expected, raw[1][0], 1e-6);
    }

    [Fact]
    public void Gradient_times_input_matches_a_finite_difference_along_each_token()
    {
        var (model, data) = Small();
        var gxi = Attributions.GradientTimesInput(model, data);
        using var _ = no_grad();
        var x = model.Embed(data.Ids).to(float64);
        model.to(ScalarType.Float64);
        int predicted = (int)model.Run(x, data.Mask).Logits[0].argmax().item<long>();
        double Logit(int t, double s)
        {
            var scaled = x.clone();
            scaled[0, t].mul_(s);
            return model.Run(scaled, data.Mask).Logits[0, predicted].item<double>();
        }
        const double d = 1e-4;
        for (int t = 0; t < data.Lengths[0]; t++)   // d z / d s at s = 1 of z(s x_t) is x_t · ∇_{x_t} z
            Assert.Equal(Math.Abs((Logit(t, 1 + d) - Logit(t, 1 - d)) / (2 * d)), gxi[0, t].item<float>(), 3);
    }

    [Fact]
    public void Leave_one_out_is_the_log_probability_drop_when_the_token_is_masked()
    {
        var (model, data) = Small();
        var loo = Attributions.LeaveOneOut(model, data);
        using var _ = no_grad();
        var full = model.forward(data.Ids, data.Mask).log_softmax(-1)[2];
        var c = full.argmax().item<long>();
        var keep = data.Mask.clone();
        keep[2, 4] = tensor(false);
        var without = model.forward(data.Ids, keep).log_softmax(-1)[2];
        Assert.Equal((full[c] - without[c]).item<float>(), loo[2, 4].item<float>(), 5);
        Assert.Equal(0f, loo[0, 13].item<float>() * (data.Lengths[0] <= 13 ? 1 : 0));
    }

    [Fact]
    public void Masking_a_head_equals_zeroing_its_values_and_weights_come_back()
    {
        var (model, data) = Small();
        var before = model.layers[0].self_attn.out_proj.weight!.clone();
        var keep = new bool[2, 2] { { false, true }, { true, true } };
        using var _ = no_grad();
        var masked = HeadAblation.WithHeadsMasked(model, keep, () => model.forward(data.Ids, data.Mask).clone());
        T.Close(before, model.layers[0].self_attn.out_proj.weight!, 0);
        // Independent route: zero the value projection of head 0 in layer 1 (its biases start at 0), so its output is 0.
        var attn = model.layers[0].self_attn;
        long E = attn.embed_dim, d = attn.head_dim;
        attn.in_proj_weight!.narrow(0, 2 * E, d).zero_();
        T.Close(model.forward(data.Ids, data.Mask), masked, 1e-5);
    }

    [Fact]
    public void Head_importance_is_the_derivative_with_respect_to_a_head_gate()
    {
        var (model, data) = Small();
        var one = new MarkedBatch(data.Ids.narrow(0, 0, 1), data.Mask.narrow(0, 0, 1), data.Labels.narrow(0, 0, 1),
            data.Gold.narrow(0, 0, 1), [data.Lengths[0]]);
        var importance = HeadAblation.Importance(model, one);
        using var _ = no_grad();
        var w = model.layers[1].self_attn.out_proj.weight!;
        var saved = w.clone();
        long d = model.layers[1].self_attn.head_dim;
        double Loss(double xi)
        {
            w.copy_(saved);
            w.narrow(1, d, d).mul_(xi);                                                   // gate ξ on head 1 of layer 2
            return nn.functional.cross_entropy(model.forward(one.Ids, one.Mask), one.Labels).item<float>();
        }
        const double h = 1e-2;
        double numeric = Math.Abs((Loss(1 + h) - Loss(1 - h)) / (2 * h));
        w.copy_(saved);
        Assert.Equal(numeric, importance[1, 1], 3);
    }

    [Fact]
    public void Adversarial_weights_keep_the_output_within_the_bound_and_report_their_divergence()
    {
        var (model, data) = Small();
        var result = AdversarialAttention.Search(model, data, epsilon: 0.01, steps: 60);
        Assert.True(result.OutputChange.max().item<float>() <= 0.01f + 1e-6f);
        T.Close(ones(6), result.Weights.sum(-1), 1e-5);
        Assert.Equal(0f, (result.Weights * data.Mask.logical_not()).abs().sum().item<float>());
        using var _ = no_grad();
        var alpha = model.Run(model.Embed(data.Ids), data.Mask).Pooling;
        T.Close(JensenShannon.Divergence(alpha, result.Weights), result.Divergence, 1e-6);
        Assert.True(result.Divergence.max().item<float>() > 0.01f, "the search should move at least one distribution");
    }
}
