using AttentionCourse.Metrics;
using AttentionCourse.Responsible;

namespace AttentionCourse.Tests.Responsible;

public class SasRecRecommenderTests
{
    public SasRecRecommenderTests() => T.Init();

    [Fact]
    public void Chapter_17_sasrec_learns_a_next_item_rule_through_the_loop_interface()
    {
        // Every user walks the catalogue in steps of one from a random start: the next item is (last + 1) mod N.
        var random = new Random(0);
        IReadOnlyList<int>[] h = [.. Enumerable.Range(0, 200).Select(_ => random.Next(30)).Select(s => Enumerable.Range(0, 6).Select(t => (s + t) % 30).ToList())];
        var rec = new SasRecRecommender(30, seed: 0, maxLen: 8, firstEpochs: 40);
        rec.Fit(h);
        var scores = rec.Score(h);
        Assert.Equal(30, scores.GetLength(1));
        var ranks = Enumerable.Range(0, h.Length).Select(u => FeedbackLoop.RankOf(scores, u, (h[u][^1] + 1) % 30, h[u].ToHashSet())).ToArray();
        Assert.True(Ranking.HitRateAtK(ranks, 1) > 0.9, $"HR@1 = {Ranking.HitRateAtK(ranks, 1)}");
    }
}
