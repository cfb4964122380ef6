using AttentionCourse.Responsible;

namespace AttentionCourse.Tests.Responsible;

public class FeedbackLoopTests
{
    public FeedbackLoopTests() => T.Init();

    [Fact]
    public void The_ideal_recommender_scores_utility_one_every_round()
    {
        var p = new Population(PopulationConfig.Tiny, seed: 0);
        var r = FeedbackLoop.Run(p, new IdealRecommender(p), rounds: 4, seed: 0);
        Assert.Equal(4, r.Rounds.Count);
        Assert.All(r.Rounds, m => { Assert.Equal(1.0, m.UtilityMajority, 6); Assert.Equal(1.0, m.UtilityMinority, 6); });
    }

    [Fact]
    public void Popularity_shows_everyone_nearly_the_same_slate_and_random_covers_the_catalogue()
    {
        var p = new Population(PopulationConfig.Tiny, seed: 1);
        var pop = FeedbackLoop.Run(p, new PopularityRecommender(p.Items), rounds: 2, seed: 1).Rounds[0];
        var random = FeedbackLoop.Run(p, new RandomRecommender(p.Items, 0), rounds: 2, seed: 1).Rounds[0];
        Assert.True(pop.Homogenisation > 0.3 && pop.Gini > 0.7, pop.ToString());
        Assert.True(random.Coverage == 1 && random.Homogenisation < 0.15 && random.Gini < 0.25, random.ToString());
    }

    [Fact]
    public void Slates_skip_seen_items_and_ranks_count_ties_against_the_item()
    {
        float[,] scores = { { 5, 4, 3, 2, 1 } };
        Assert.Equal([1, 3], FeedbackLoop.Slates(scores, [[0, 2]], 2)[0]);
        Assert.Equal(2, FeedbackLoop.RankOf(scores, 0, 3, [0, 2]));              // only item 1 is unseen and higher
        Assert.Equal(5, FeedbackLoop.RankOf(new float[1, 5], 0, 0, []));         // all tied: last
    }

    [Fact]
    public void Different_recommenders_start_from_the_same_histories()
    {
        var p = new Population(PopulationConfig.Tiny, seed: 2);
        var a = FeedbackLoop.Run(p, new IdealRecommender(p), rounds: 1, seed: 5);
        var b = FeedbackLoop.Run(p, new IdealRecommender(p), rounds: 1, seed: 5);
        Assert.Equal(a.Before, b.Before);
        Assert.Equal(a.Rounds[0], b.Rounds[0]);
    }
}

public class LoopStatisticsTests
{
    [Fact]
    public void Mean_and_sample_spread_match_a_hand_case()
    {
        Assert.Equal(1.0, LoopStatistics.Std([1, 2, 3]), 12);          // variance (1 + 0 + 1) / 2
        Assert.Equal("2.00 ± 1.00", LoopStatistics.MeanSd([1, 2, 3], 2));
        Assert.Equal(0.0, LoopStatistics.Std([4]));
        Assert.Equal("n/a", LoopStatistics.MeanSd([1, double.NaN]));
    }
}
