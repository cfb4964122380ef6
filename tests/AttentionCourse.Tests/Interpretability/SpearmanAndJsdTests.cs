using AttentionCourse.Interpretability;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Interpretability;

public class SpearmanAndJsdTests
{
    public SpearmanAndJsdTests() => T.Init();

    [Fact]
    public void Ranks_share_the_mean_rank_among_ties()
    {
        Assert.Equal([2.0, 3.5, 3.5, 1.0], Spearman.Ranks([10, 20, 20, 5]));
        Assert.Equal([2.0, 2.0, 2.0], Spearman.Ranks([7, 7, 7]));
    }

    [Fact]
    public void Spearman_with_ties_matches_a_hand_computation()
    {
        // ranks x = [1, 2.5, 2.5, 4], y = [1, 3, 2, 4]; deviations from 2.5: [-1.5, 0, 0, 1.5] and [-1.5, .5, -.5, 1.5];
        // cov = 4.5, var_x = 4.5, var_y = 5, rho = 4.5 / sqrt(22.5) = 0.948683 (SciPy's spearmanr gives the same).
        Assert.Equal(4.5 / Math.Sqrt(22.5), Spearman.Correlation([1, 2, 2, 3], [1, 3, 2, 4]), 12);
        Assert.Equal(-1.0, Spearman.Correlation([1, 2, 3], [30, 20, 10]), 12);
        Assert.Equal(1.0, Spearman.Correlation([1, 5, 9], [0.1, 0.2, 7]), 12);   // monotone, not linear
        Assert.True(double.IsNaN(Spearman.Correlation([1, 1, 1], [1, 2, 3])));
    }

    [Fact]
    public void Spearman_against_a_binary_ground_truth_is_the_point_biserial_of_the_ranks()
    {
        // scores [0.9, 0.1, 0.5, 0.3], gold [1, 0, 1, 0]: ranks [4, 1, 3, 2] vs [3.5, 1.5, 3.5, 1.5].
        // deviations [1.5, -1.5, .5, -.5] and [1, -1, 1, -1]: cov = 4, var 5 and 4: rho = 4 / sqrt(20).
        Assert.Equal(4 / Math.Sqrt(20), Spearman.Correlation([0.9, 0.1, 0.5, 0.3], [1, 0, 1, 0]), 12);
    }

    [Fact]
    public void Mean_over_examples_uses_only_the_real_tokens_and_skips_undefined_rows()
    {
        var x = new List<float[]> { new float[] { 3, 2, 1, 99 }, new float[] { 1, 1, 1, 1 } };
        var y = new List<float[]> { new float[] { 1, 2, 3, -5 }, new float[] { 1, 2, 3, 4 } };
        var (mean, std, defined) = Spearman.MeanOverExamples(x, y, [3, 4]);
        Assert.Equal((-1.0, 0.0, 1), (mean, std, defined));
    }

    [Fact]
    public void Jensen_shannon_matches_hand_values()
    {
        var p = tensor(new double[] { 0.5, 0.5, 1, 0, 0.2, 0.8 }).view(3, 2);
        var q = tensor(new double[] { 1, 0, 0, 1, 0.2, 0.8 }).view(3, 2);
        var jsd = JensenShannon.Divergence(p, q).data<double>().ToArray();
        // m = [.75, .25]: 0.5 (0.5 ln(0.5/0.75) + 0.5 ln(0.5/0.25)) + 0.5 ln(1/0.75)
        double first = 0.5 * (0.5 * Math.Log(0.5 / 0.75) + 0.5 * Math.Log(2)) + 0.5 * Math.Log(1 / 0.75);
        Assert.Equal(first, jsd[0], 10);
        Assert.Equal(Math.Log(2), jsd[1], 10);      // disjoint supports: the maximum
        Assert.Equal(0.0, jsd[2], 12);
        Assert.Equal(JensenShannon.Divergence(q, p).data<double>().ToArray(), jsd);   // symmetric
    }
}
