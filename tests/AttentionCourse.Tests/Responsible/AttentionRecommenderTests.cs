using AttentionCourse.Metrics;
using AttentionCourse.Responsible;

namespace AttentionCourse.Tests.Responsible;

public class AttentionRecommenderTests
{
    public AttentionRecommenderTests() => T.Init();

    [Fact]
    public void Windows_keep_the_last_L_visible_clicks_left_padded_with_ids_shifted_by_one()
    {
        Assert.Equal([0L, 0, 6, 3], AttentionRecommender.WindowIds([5, 2, 9], end: 2, L: 4));
        Assert.Equal([3L, 10], AttentionRecommender.WindowIds([5, 2, 9], end: 3, L: 2));
        Assert.Equal([0L, 6, 10], AttentionRecommender.WindowIds([5, 2, 9], end: 3, L: 3, hidden: i => i == 2));
    }

    [Fact]
    public void Explanations_are_a_softmax_row_over_the_real_clicks_and_zero_on_padding()
    {
        var p = new Population(PopulationConfig.Tiny, seed: 0);
        var h = p.OrganicHistories(new Random(0));
        var rec = new AttentionRecommender(p.Items, seed: 0, window: 8, firstEpochs: 1);
        rec.Fit(h);
        var (scores, weights, items) = rec.Explain(h);
        Assert.Equal(p.Items, scores.GetLength(1));
        for (int u = 0; u < p.Users; u++)
        {
            Assert.Equal(1.0, weights[u].Sum(), 4);
            for (int j = 0; j < 8; j++)
                if (items[u][j] < 0) Assert.Equal(0f, weights[u][j]);
                else Assert.Equal(h[u][j - 3], items[u][j]);                 // 5 clicks, right-aligned in 8
        }
    }

    [Fact]
    public void It_learns_a_next_item_rule_that_popularity_cannot_see()
    {
        // Every user walks the catalogue in steps of one from a random start: the next item is (last + 1) mod N.
        var random = new Random(0);
        IReadOnlyList<int>[] h = [.. Enumerable.Range(0, 200).Select(_ => random.Next(30)).Select(s => Enumerable.Range(0, 6).Select(t => (s + t) % 30).ToList())];
        var rec = new AttentionRecommender(30, seed: 0, window: 5, firstEpochs: 40);
        rec.Fit(h);
        var scores = rec.Score(h);
        var ranks = Enumerable.Range(0, h.Length).Select(u => FeedbackLoop.RankOf(scores, u, (h[u][^1] + 1) % 30, h[u].ToHashSet())).ToArray();
        Assert.True(Ranking.HitRateAtK(ranks, 1) > 0.9, $"HR@1 = {Ranking.HitRateAtK(ranks, 1)}");
    }
}
