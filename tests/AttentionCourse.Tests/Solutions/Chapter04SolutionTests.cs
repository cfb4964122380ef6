using AttentionCourse.Cost;
using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using AttentionCourse.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter04SolutionTests
{
    [Fact]
    public void Sinusoidal_table_solution_equals_the_library_table()
    {
        T.Init();
        Check.Strict.Close("4.1", () => Chapter04.SinusoidalTable(50, 16), SinusoidalPositionalEncoding.Table(50, 16), 1e-4);
    }

    [Fact]
    public void Rope_solution_equals_the_library_rotation()
    {
        T.Init();
        Check.Strict.Function("4.2", a => Chapter04.Rope(a[0]), a => RotaryEmbedding.Apply(a[0]), [[6, 8]]);
    }

    [Fact]
    public void Fitted_exponent_solution_equals_the_library_fit_on_noisy_data()
    {
        double[] n = [64, 128, 256, 512, 1024];
        double[] t = [1.1e-4, 3.9e-4, 1.7e-3, 6.2e-3, 2.6e-2];
        Check.Strict.Close("4.3", () => Chapter04.FittedExponent(n, t), PowerLaw.Fit(n, t).Exponent, 1e-9);
    }

    /// <summary>Independent reference: stack kernel-k convolutions until output n-1 has a gradient from input 0.</summary>
    static long LayersByGradient(long n, long k)
    {
        for (int layers = 1; ; layers++)
        {
            var x = ones(1, 1, n, requires_grad: true);
            var y = x;
            for (int l = 0; l < layers; l++)
                y = nn.functional.conv1d(y, ones(1, 1, k), padding: k / 2);   // (1, 1, n), each output sums k neighbours
            y[0, 0, n - 1].backward();
            if (x.grad!.data<float>()[0] != 0) return layers;
        }
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(9, 3)]
    [InlineData(10, 3)]
    [InlineData(16, 5)]
    public void Convolution_depth_solution_equals_the_depth_found_by_gradients(long n, long k)
    {
        T.Init();
        Check.Strict.Close("4.4", () => Chapter04.ConvolutionLayersToConnect(n, k), LayersByGradient(n, k), 0);
    }
}
