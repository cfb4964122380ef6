using AttentionCourse.Metrics;
using CsCheck;

namespace AttentionCourse.Tests.Metrics;

public class RankingTests
{
    /// <summary>The definition: the share of (positive, negative) pairs ordered correctly, ties one half.</summary>
    static double PairwiseAuc(double[] s, bool[] l)
    {
        double wins = 0, pairs = 0;
        for (int i = 0; i < s.Length; i++)
            for (int j = 0; j < s.Length; j++)
                if (l[i] && !l[j]) { pairs++; wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0; }
        return wins / pairs;
    }

    [Fact]
    public void Auc_equals_the_pairwise_definition_with_ties_as_one_half()
    {
        Gen.Int[0, 4].Select(v => v / 2.0).Array[2, 30].Select(Gen.Bool.Array[30])
            .Where(p => p.Item2.Take(p.Item1.Length).Distinct().Count() == 2)
            .Sample((scores, labels) =>
            {
                var l = labels.Take(scores.Length).ToArray();
                Assert.Equal(PairwiseAuc(scores, l), Ranking.Auc(scores, l), 12);
            });
    }

    [Fact]
    public void Auc_of_a_hand_case_and_errors_on_one_class()
    {
        Assert.Equal(5.5 / 6, Ranking.Auc([0.9, 0.8, 0.3, 0.3, 0.1], [true, true, false, true, false]), 12);
        var error = Assert.Throws<ArgumentException>(() => Ranking.Auc([0.1, 0.2], [true, true]));
        Assert.Contains("0 negatives", error.Message);
    }

    [Fact]
    public void Hit_rate_and_ndcg_at_k_follow_their_closed_forms()
    {
        int[] ranks = [1, 2, 3, 11, 10];
        Assert.Equal(0.8, Ranking.HitRateAtK(ranks, 10), 12);
        Assert.Equal((1 + 1 / Math.Log2(3) + 0.5 + 1 / Math.Log2(11)) / 5, Ranking.NdcgAtK(ranks, 10), 12);
        Assert.Equal(0.2, Ranking.NdcgAtK(ranks, 1), 12);
        Assert.Throws<ArgumentException>(() => Ranking.HitRateAtK([0, 1], 10));
    }
}
