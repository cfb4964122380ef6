using AttentionCourse.Attention;
using AttentionCourse.Tasks;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Attention;

public class LearnedWidthTests
{
    /// <summary>Leave-one-out Gaussian predictions as a plain double loop.</summary>
    static double LooLossByLoop(float[] x, float[] y, double h)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double num = 0, den = 0;
            for (int j = 0; j < x.Length; j++)
            {
                if (j == i) continue;
                var u = (x[i] - x[j]) / h;
                var w = Math.Exp(-u * u / 2);
                num += w * y[j]; den += w;
            }
            total += Math.Pow(y[i] - num / den, 2);
        }
        return total / x.Length;
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(1.5)]
    public void Leave_one_out_loss_equals_a_direct_loop_and_weights_skip_the_diagonal(double h)
    {
        T.Init();
        var (x, y) = NoisySine.Data(30, seed: 3);
        var loss = LearnedWidth.LeaveOneOutLoss(x, y, tensor((float)h)).item<float>();
        Assert.Equal(LooLossByLoop(x.data<float>().ToArray(), y.data<float>().ToArray(), h), loss, 4);
        var w = LearnedWidth.LeaveOneOutWeights(x, tensor((float)h));
        Assert.Equal(0f, w.diagonal().abs().sum().item<float>());
        T.Close(ones(30), w.sum(-1), 1e-5);
    }

    [Fact]
    public void Fit_reaches_the_minimum_of_the_leave_one_out_loss_on_a_grid()
    {
        T.Init();
        var (x, y) = NoisySine.Data(50, seed: 0);
        var fit = LearnedWidth.Fit(x, y);
        var xs = x.data<float>().ToArray(); var ys = y.data<float>().ToArray();
        var grid = Enumerable.Range(1, 200).Select(i => i * 0.01).ToArray();
        var best = grid.MinBy(h => LooLossByLoop(xs, ys, h));
        Assert.InRange(fit.Width, best - 0.02, best + 0.02);
        Assert.True(fit.Losses[^1] < fit.Losses[0]);
        Assert.True(fit.Width > 0.05, "the leave-one-out loss must not collapse the width to 0");
    }
}
