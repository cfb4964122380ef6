using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions to the exercises of chapter 04 (self-attention and positional encoding), verified in CI.</summary>
public static class Chapter04
{
    /// <summary>
    /// Exercise 4.1: the sinusoidal table (Vaswani et al. 2017, section 3.5), PE(pos, 2i) = sin(pos / 10000^(2i/d)),
    /// PE(pos, 2i+1) = cos(pos / 10000^(2i/d)), by two loops.
    /// </summary>
    /// <param name="max_len">Number of positions.</param>
    /// <param name="d">Width, even.</param>
    /// <returns>(max_len, d).</returns>
    public static Tensor SinusoidalTable(int max_len, int d)
    {
        var table = new float[max_len, d];
        for (int pos = 0; pos < max_len; pos++)
            for (int i = 0; i < d / 2; i++)
            {
                var angle = pos / Math.Pow(10000, 2.0 * i / d);
                table[pos, 2 * i] = (float)Math.Sin(angle);
                table[pos, 2 * i + 1] = (float)Math.Cos(angle);
            }
        return tensor(table);
    }

    /// <summary>
    /// Exercise 4.2: RoPE (Su et al. 2021) on a (T, d) tensor: rotate the pair (x_2i, x_2i+1) of row m by the angle
    /// m·θ_i with θ_i = 10000^(-2i/d).
    /// </summary>
    /// <param name="x">Queries or keys (T, d), d even.</param>
    /// <returns>(T, d).</returns>
    public static Tensor Rope(Tensor x)
    {
        var (T, d) = (x.shape[0], x.shape[1]);
        var theta = pow(10000.0, -arange(0, d, 2, dtype: float64) / d);      // (d/2)
        var angle = (arange(T, dtype: float64).unsqueeze(1) * theta).to(x.dtype); // (T, d/2)
        var even = x[.., TensorIndex.Slice(0, null, 2)];                       // (T, d/2)
        var odd = x[.., TensorIndex.Slice(1, null, 2)];                        // (T, d/2)
        var rotated = stack([even * angle.cos() - odd * angle.sin(), even * angle.sin() + odd * angle.cos()], dim: -1); // (T, d/2, 2)
        return rotated.reshape(T, d);                                          // (T, d)
    }

    /// <summary>Exercise 4.3: the exponent p of y = c x^p by least squares on the logs (the slope of the log-log line).</summary>
    /// <param name="x">Positive x values.</param>
    /// <param name="y">Positive y values.</param>
    public static double FittedExponent(double[] x, double[] y)
    {
        var u = x.Select(a => Math.Log(a)).ToArray();
        var v = y.Select(a => Math.Log(a)).ToArray();
        double uMean = u.Average(), vMean = v.Average();
        return u.Zip(v, (a, b) => (a - uMean) * (b - vMean)).Sum() / u.Sum(a => (a - uMean) * (a - uMean));
    }

    /// <summary>
    /// Exercise 4.4: how many stacked "same"-padded convolutions of odd kernel k (stride 1, no dilation) it takes before
    /// output n-1 depends on input 0: each layer reaches (k-1)/2 positions further back, so ceil((n-1) / ((k-1)/2)).
    /// This is the O(n/k) path of contiguous kernels; Vaswani et al. 2017, Table 1, quote O(log_k n) for dilated ones.
    /// </summary>
    /// <param name="n">Sequence length, at least 1.</param>
    /// <param name="kernel">Odd kernel width k, at least 3.</param>
    public static long ConvolutionLayersToConnect(long n, long kernel)
    {
        var reach = (kernel - 1) / 2;                                          // positions gained per layer on each side
        return (n - 1 + reach - 1) / reach;
    }
}
