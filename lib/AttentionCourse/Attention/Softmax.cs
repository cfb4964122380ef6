using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>
/// Softmax over the last axis, twice: the textbook form that overflows and the stable form that
/// subtracts the row maximum first. Chapter 02 feeds both large logits to show the difference.
/// </summary>
public static class Softmax
{
    /// <summary>
    /// Textbook softmax, softmax(x)_i = exp(x_i) / sum_j exp(x_j), with no shift.
    /// In float32, exp overflows to +inf for x &gt; ~88.7 and the row becomes NaN. Used in chapter 02.
    /// </summary>
    /// <param name="x">Logits of any shape (..., S); normalised over the last axis.</param>
    public static Tensor Naive(Tensor x)
    {
        using var scope = NewDisposeScope();
        var e = x.exp();
        return (e / e.sum(-1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Stable softmax, softmax(x)_i = exp(x_i - m) / sum_j exp(x_j - m) with m = max_j x_j.
    /// The shift cancels in the ratio, so the result equals the textbook formula, but every exponent is
    /// at most 0 and nothing overflows. Used in chapter 02.
    /// </summary>
    /// <param name="x">Logits of any shape (..., S); normalised over the last axis.</param>
    public static Tensor Stable(Tensor x)
    {
        using var scope = NewDisposeScope();
        var e = (x - x.amax([-1], keepdim: true)).exp();
        return (e / e.sum(-1, keepdim: true)).MoveToOuterDisposeScope();
    }
}
