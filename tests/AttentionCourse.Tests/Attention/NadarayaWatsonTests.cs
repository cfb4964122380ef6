using AttentionCourse.Attention;
using AttentionCourse.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Attention;

public class NadarayaWatsonTests
{
    /// <summary>The estimator written as a plain double loop, independent of the tensor code.</summary>
    static double[] ByLoop(float[] q, float[] k, float[] v, Kernel kernel, double h)
    {
        double K(double u) => kernel switch
        {
            Kernel.Gaussian => Math.Exp(-u * u / 2),
            Kernel.Boxcar => Math.Abs(u) <= 1 ? 1 : 0,
            _ => Math.Abs(u) <= 1 ? 0.75 * (1 - u * u) : 0,
        };
        return q.Select(qi =>
        {
            double num = 0, den = 0;
            for (var i = 0; i < k.Length; i++) { var w = K((qi - k[i]) / h); num += w * v[i]; den += w; }
            return den == 0 ? 0 : num / den;
        }).ToArray();
    }

    [Theory]
    [InlineData(Kernel.Gaussian, 0.3)]
    [InlineData(Kernel.Gaussian, 2.0)]
    [InlineData(Kernel.Boxcar, 0.5)]
    [InlineData(Kernel.Epanechnikov, 0.7)]
    public void Predictions_equal_a_direct_loop(Kernel kernel, double width)
    {
        T.Init();
        var (x, y) = NoisySine.Data(40, seed: 0);
        var q = linspace(0, 5, 17);
        var (predictions, weights) = NadarayaWatson.Predict(q, x, y, kernel, width);
        var expected = ByLoop(q.data<float>().ToArray(), x.data<float>().ToArray(), y.data<float>().ToArray(), kernel, width);
        T.Close(tensor(expected.Select(e => (float)e).ToArray()), predictions, 1e-4);
        T.Close(ones(17), weights.sum(-1), 1e-5);
    }

    [Fact]
    public void Query_with_no_key_in_the_window_gets_zero_weights()
    {
        T.Init();
        var keys = tensor(new float[] { 0, 1, 2 });
        var (p, w) = NadarayaWatson.Predict(tensor(new float[] { 10 }), keys, tensor(new float[] { 5, 6, 7 }), Kernel.Boxcar, 1.0);
        Assert.Equal(0f, w.abs().sum().item<float>());
        Assert.Equal(0f, p.item<float>());
    }

    [Fact]
    public void Data_follows_two_sin_x_plus_x_with_the_stated_noise()
    {
        T.Init();
        var (x, y) = NoisySine.Data(2000, seed: 1, noise_std: 0.5);
        Assert.True(x.diff().min().item<float>() >= 0);                        // sorted
        var truth = 2 * x.sin() + x;
        var residual = y - truth;
        Assert.InRange(residual.mean().item<float>(), -0.05f, 0.05f);
        Assert.InRange(residual.std().item<float>(), 0.45f, 0.55f);
    }

    [Fact]
    public void Narrow_gaussian_width_interpolates_and_wide_width_smooths()
    {
        T.Init();
        var (_, y) = NoisySine.Data(50, seed: 2);
        var x = linspace(0, 5, 50);                                           // spacing 0.1 = 10 narrow widths
        var (narrow, _) = NadarayaWatson.Predict(x, x, y, Kernel.Gaussian, 0.01);
        var (wide, _) = NadarayaWatson.Predict(x, x, y, Kernel.Gaussian, 100);
        T.Close(y, narrow, 1e-3);                                             // each point attends to itself
        T.Close(y.mean().expand(50), wide, 1e-2);                             // uniform weights: the mean
    }
}
