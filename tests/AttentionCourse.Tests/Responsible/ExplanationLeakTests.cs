using AttentionCourse.Responsible;

namespace AttentionCourse.Tests.Responsible;

public class ExplanationLeakTests
{
    [Fact]
    public void The_shown_explanation_names_the_top_non_sensitive_items_and_the_missing_mass_is_what_the_rest_took()
    {
        float[] w = [0f, 0.1f, 0.4f, 0.2f, 0.3f];
        int[] items = [-1, 7, 9, 4, 2];
        var shown = ExplanationLeak.Shown(w, items, i => i == 9, top: 2);
        Assert.Equal([0.3, 0.2], shown.Select(x => Math.Round(x, 6)));
        Assert.Equal(0.5, ExplanationLeak.MissingMass(shown), 6);
        Assert.Equal([0.6, 0.4], ExplanationLeak.Shown(w, items, i => i == 9, top: 2, renormalise: true).Select(x => Math.Round(x, 6)));
    }

    [Fact]
    public void Features_match_a_hand_computation()
    {
        var f = ExplanationLeak.Features([0.5, 0.25]);
        Assert.Equal(0.25, f[0], 12);
        Assert.Equal(0.5, f[1], 12);
        Assert.Equal(-(2 / 3.0 * Math.Log(2 / 3.0) + 1 / 3.0 * Math.Log(1 / 3.0)), f[2], 12);
    }

    [Fact]
    public void The_attack_finds_a_separating_feature_and_a_constant_one_gives_chance()
    {
        var random = new Random(0);
        var labels = Enumerable.Range(0, 200).Select(i => i % 4 == 0).ToArray();
        // feature 1 separates (lower when positive), features 0 and 2 are noise
        var x = labels.Select(l => new[] { random.NextDouble(), (l ? 0 : 1) + 0.1 * random.NextDouble(), random.NextDouble() }).ToArray();
        var a = ExplanationLeak.Attack(x[..100], labels[..100], x[100..], labels[100..]);
        Assert.Equal("largest weight", a.Feature);
        Assert.Equal(1.0, a.Auc, 12);
        Assert.Equal(1.0, a.Accuracy, 12);
        Assert.Equal(0.75, a.Chance, 12);
        var constant = labels.Select(_ => new[] { 0.0, 0.0, 0.0 }).ToArray();
        var c = ExplanationLeak.Attack(constant[..100], labels[..100], constant[100..], labels[100..]);
        Assert.Equal(0.5, c.Auc, 12);
        Assert.Equal("none (all equal)", c.Feature);
        Assert.Equal(c.Chance, c.Accuracy, 12);
    }

    [Fact]
    public void Laplace_noise_has_mean_absolute_deviation_b()
    {
        var random = new Random(3);
        var noisy = ExplanationLeak.WithLaplaceNoise(Enumerable.Repeat(10.0, 100_000).ToArray(), 0.2, random);
        Assert.Equal(0.2, noisy.Average(v => Math.Abs(v - 10)), 2);
        Assert.Equal(10.0, noisy.Average(), 2);
    }
}
