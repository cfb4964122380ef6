using AttentionCourse.Responsible;
using CsCheck;

namespace AttentionCourse.Tests.Responsible;

public class ExposureMeasuresTests
{
    /// <summary>The definition: Σ_i Σ_j |x_i − x_j| / (2 n Σ x).</summary>
    static double PairwiseGini(double[] x) =>
        x.Sum(a => x.Sum(b => Math.Abs(a - b))) / (2.0 * x.Length * x.Sum());

    [Fact]
    public void Gini_is_zero_for_equal_exposure_and_n_minus_1_over_n_when_one_item_takes_all()
    {
        Assert.Equal(0.0, ExposureMeasures.Gini([3, 3, 3, 3]), 12);
        Assert.Equal(3 / 4.0, ExposureMeasures.Gini([0, 0, 0, 7]), 12);
        Assert.Equal(99 / 100.0, ExposureMeasures.Gini([.. new double[99], 1]), 12);
    }

    [Fact]
    public void Gini_of_1_2_3_is_two_ninths_by_hand()
    {
        // |1-2| + |1-3| + |2-3| = 4, counted twice = 8; 2 n Σx = 2 · 3 · 6 = 36; 8 / 36 = 2/9.
        Assert.Equal(2 / 9.0, ExposureMeasures.Gini([3, 1, 2]), 12);
    }

    [Fact]
    public void Gini_equals_the_pairwise_definition_and_ignores_scale()
    {
        Gen.Int[0, 20].Select(v => (double)v).Array[1, 40].Where(x => x.Sum() > 0).Sample(x =>
        {
            Assert.Equal(PairwiseGini(x), ExposureMeasures.Gini(x), 10);
            Assert.Equal(ExposureMeasures.Gini(x), ExposureMeasures.Gini(x.Select(v => 5 * v).ToArray()), 10);
        });
    }

    [Fact]
    public void Gini_rejects_all_zero_and_negative_values()
    {
        Assert.Throws<ArgumentException>(() => ExposureMeasures.Gini([0, 0]));
        Assert.Throws<ArgumentException>(() => ExposureMeasures.Gini([1, -1]));
    }

    [Fact]
    public void Exposure_and_coverage_count_a_hand_case()
    {
        int[][] slates = [[0, 1], [1, 2], [1, 0]];
        Assert.Equal([2.0, 3, 1, 0, 0], ExposureMeasures.Exposure(slates, 5));
        Assert.Equal(3 / 5.0, ExposureMeasures.Coverage(slates, 5), 12);
    }

    [Fact]
    public void Jaccard_and_mean_jaccard_match_hand_cases()
    {
        Assert.Equal(0.5, ExposureMeasures.Jaccard([1, 2, 3], [2, 3, 4]), 12);   // 2 shared of 4
        Assert.Equal(0.0, ExposureMeasures.Jaccard([1], [2]), 12);
        // pairs: (a, b) 0.5, (a, c) 0, (b, c) 1/5 (only 4 shared of {2, 3, 4, 7, 8}) -> mean 0.7 / 3.
        int[][] slates = [[1, 2, 3], [2, 3, 4], [4, 7, 8]];
        Assert.Equal((0.5 + 0 + 0.2) / 3, ExposureMeasures.MeanJaccard(slates), 12);
        Assert.Equal(1.0, ExposureMeasures.MeanJaccard([[5, 6], [6, 5], [5, 6]]), 12);
    }

    [Fact]
    public void Mean_jaccard_equals_the_average_of_pairwise_jaccard()
    {
        Gen.Int[0, 15].Array[1, 6].Array[2, 8].Sample(slates =>
        {
            var expected = new List<double>();
            for (int a = 0; a < slates.Length; a++)
                for (int b = a + 1; b < slates.Length; b++)
                    expected.Add(ExposureMeasures.Jaccard(slates[a].Distinct().ToArray(), slates[b].Distinct().ToArray()));
            Assert.Equal(expected.Average(), ExposureMeasures.MeanJaccard(slates.Select(s => s.Distinct().ToArray()).ToArray()), 10);
        });
    }

    [Fact]
    public void Relative_utility_is_one_for_the_oracle_slate_and_below_one_otherwise()
    {
        var p = new Population(PopulationConfig.Tiny, seed: 3);
        int[] seen = [0, 1];
        var ideal = p.IdealSlate(7, seen, 5);
        Assert.Equal(1.0, ExposureMeasures.RelativeUtility(p, 7, ideal, seen), 6);
        var worst = Enumerable.Range(0, p.Items).Except(seen).OrderBy(i => p.Utility[7, i]).Take(5).ToArray();
        double r = ExposureMeasures.RelativeUtility(p, 7, worst, seen);
        Assert.InRange(r, 0, 0.999);
        Assert.Equal(worst.Average(i => p.Utility[7, i]) / ideal.Average(i => p.Utility[7, i]), r, 6);
    }
}
