using static TorchSharp.torch;

namespace AttentionCourse.Tasks;

/// <summary>
/// Chapter 01's seeded regression data: y = 2 sin x + x + noise (d2l section 11.2's function), on which
/// <see cref="Attention.NadarayaWatson"/> and <see cref="Attention.LearnedWidth"/> are fitted.
/// </summary>
public static class NoisySine
{
    /// <summary>
    /// Training data y = 2 sin x + x + noise, x sorted uniform in [0, 5), noise N(0, noise_std^2) by Box-Muller,
    /// drawn from System.Random(seed): the regression data of chapter 01. Default noise_std 0.5.
    /// </summary>
    /// <returns>x (n) and y (n), float32.</returns>
    public static (Tensor x, Tensor y) Data(int n, int seed, double noise_std = 0.5)
    {
        var random = new Random(seed);
        var xs = Enumerable.Range(0, n).Select(_ => 5.0 * random.NextDouble()).Order().ToArray();
        var ys = xs.Select(x => Truth(x) + noise_std * Gaussian(random)).ToArray();
        return (tensor(xs.Select(v => (float)v).ToArray()), tensor(ys.Select(v => (float)v).ToArray()));
    }

    /// <summary>The noise-free function f(x) = 2 sin x + x.</summary>
    public static double Truth(double x) => 2 * Math.Sin(x) + x;

    static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();                                   // in (0, 1], so log is finite
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

}
