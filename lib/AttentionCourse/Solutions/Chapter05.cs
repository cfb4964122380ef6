using AttentionCourse.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions to the exercises of chapter 05 (The Transformer), verified in CI.</summary>
public static class Chapter05
{
    /// <summary>
    /// Exercise 5.1: layer normalisation without the learned gain and bias,
    /// LN(x) = (x - mu) / sqrt(sigma^2 + eps) over the last axis, with the biased variance (Ba et al. 2016, eq. 4).
    /// </summary>
    /// <param name="x">Activations (..., E).</param>
    /// <param name="eps">Added to the variance; default 1e-5 (PyTorch's).</param>
    /// <returns>(..., E), each row with mean 0 and variance 1 (up to eps).</returns>
    public static Tensor LayerNorm(Tensor x, double eps = 1e-5)
    {
        using var scope = NewDisposeScope();
        var mean = x.mean([-1], keepdim: true);                                // (..., 1)
        var variance = (x - mean).pow(2).mean([-1], keepdim: true);            // (..., 1), biased
        return ((x - mean) / (variance + eps).sqrt()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Exercise 5.2: the pre-LN encoder block written out with the block's own modules (dropout off):
    /// x = x + SelfAttention(LN_1(x)); x = x + FFN(LN_2(x)) (Xiong et al. 2020, figure 1b).
    /// </summary>
    /// <param name="block">A block built with <c>norm_first: true</c>, in eval mode.</param>
    /// <param name="x">(B, T, E).</param>
    /// <returns>(B, T, E), equal to <c>block.forward(x)</c>.</returns>
    public static Tensor PreLnEncoderBlock(TransformerEncoderBlock block, Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = block.norm1.forward(x);
        x = x + block.self_attn.forward(h, h, h).output;
        x = x + block.ff.forward(block.norm2.forward(x));
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Exercise 5.3: the ideal cross-attention of digit reversal for n digits, (n + 1, n + 1): decoder row t &lt; n
    /// (which predicts output digit t) puts all its weight on source position n - 1 - t; row n (which predicts EOS)
    /// on the source EOS at position n. Multiplying it by the one-hot source gives the one-hot target.
    /// </summary>
    /// <param name="n">Number of digits.</param>
    public static Tensor ReversalAlignment(int n)
    {
        var a = zeros(n + 1, n + 1);
        for (var t = 0; t < n; t++) a[t, n - 1 - t] = 1f;
        a[n, n] = 1f;
        return a;
    }
}
