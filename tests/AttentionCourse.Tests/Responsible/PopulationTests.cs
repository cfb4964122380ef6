using AttentionCourse.Responsible;

namespace AttentionCourse.Tests.Responsible;

public class PopulationTests
{
    [Fact]
    public void The_world_has_the_configured_groups_and_niche_items_and_utilities_in_0_1()
    {
        var p = new Population(new PopulationConfig(), seed: 0);
        Assert.Equal(60, p.Minority.Count(m => m));
        Assert.Equal(20, Enumerable.Range(0, p.Items).Count(p.IsNiche));
        foreach (var u in p.Utility) Assert.InRange(u, 0f, 1f);
    }

    [Fact]
    public void Minority_users_value_niche_items_more_than_majority_users_do()
    {
        var p = new Population(new PopulationConfig(), seed: 1);
        double Mean(bool minority, bool niche) => Enumerable.Range(0, p.Users).Where(u => p.Minority[u] == minority)
            .SelectMany(u => Enumerable.Range(0, p.Items).Where(i => p.IsNiche(i) == niche).Select(i => (double)p.Utility[u, i])).Average();
        Assert.True(Mean(true, true) > 2 * Mean(false, true));
        Assert.True(Mean(false, false) > 2 * Mean(true, false));
    }

    [Fact]
    public void Choices_follow_the_softmax_of_utility_over_temperature()
    {
        var p = new Population(PopulationConfig.Tiny, seed: 2);
        int[] shown = [3, 8, 12, 30];
        var expected = shown.Select(i => Math.Exp(p.Utility[5, i] / p.Config.Temperature)).ToArray();
        var random = new Random(0);
        var counts = new double[shown.Length];
        const int draws = 40_000;
        for (int n = 0; n < draws; n++) counts[Array.IndexOf(shown, p.Choose(5, shown, random))]++;
        for (int j = 0; j < shown.Length; j++)
            Assert.Equal(expected[j] / expected.Sum(), counts[j] / draws, 2);   // ±0.005; the standard error is below 0.0025
    }

    [Fact]
    public void Gamma_draws_have_mean_alpha_for_small_and_large_alpha()
    {
        var random = new Random(1);
        foreach (var alpha in new[] { 0.05, 0.6, 4.0 })
        {
            double mean = Enumerable.Range(0, 50_000).Average(_ => Dirichlet.Gamma(alpha, random));
            Assert.InRange(mean / alpha, 0.95, 1.05);
        }
    }

    [Fact]
    public void Organic_histories_have_no_repeats_and_the_configured_length()
    {
        var p = new Population(PopulationConfig.Tiny, seed: 4);
        var h = p.OrganicHistories(new Random(0));
        Assert.All(h, x => { Assert.Equal(5, x.Count); Assert.Equal(5, x.Distinct().Count()); });
    }
}
