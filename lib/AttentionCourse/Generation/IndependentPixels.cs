using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Generation;

/// <summary>
/// The no-context baseline for an image model: every pixel independent of the others, with its own distribution per
/// class, fitted by counting with add-α smoothing: p(x_i = v | c) = (n_{c,i,v} + α) / (n_{c,i} + L α), L grey levels.
/// Computed exactly, no training. Used in chapter 15.
/// </summary>
public static class IndependentPixels
{
    /// <summary>Counts grey levels per class and pixel and returns the smoothed log-probabilities.</summary>
    /// <param name="pixels">Training images (N, P), int64 grey levels in [0, <paramref name="levels"/>).</param>
    /// <param name="labels">Their classes (N), int64 in [0, <paramref name="classes"/>).</param>
    /// <param name="alpha">Pseudo-count α &gt; 0 added to every (class, pixel, level) cell.</param>
    /// <param name="classes">Number of classes C; 1 ignores the labels (one distribution per pixel for all classes).</param>
    /// <param name="levels">Grey levels L; default 17.</param>
    /// <returns>log p(x_i = v | c), (C, P, L).</returns>
    public static Tensor Fit(Tensor pixels, Tensor labels, double alpha, int classes, int levels = 17)
    {
        if (alpha <= 0) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Add-α smoothing needs α > 0, or unseen levels get probability 0.");
        using var scope = NewDisposeScope();
        long P = pixels.shape[1];
        var c = classes == 1 ? zeros_like(labels) : labels;                                  // (N)
        var cell = (c.unsqueeze(1) * P + arange(P).unsqueeze(0)) * levels + pixels;          // (N, P) flat (c, i, v) index
        var counts = bincount(cell.reshape(-1), minlength: classes * P * levels).to_type(ScalarType.Float64);
        counts = counts.view(classes, P, levels) + alpha;                                   // (C, P, L)
        return (counts / counts.sum(-1, keepdim: true)).log().MoveToOuterDisposeScope();
    }

    /// <summary>Mean negative log-likelihood in bits per pixel of images under <see cref="Fit"/>'s log-probabilities.</summary>
    /// <param name="logProbs">(C, P, L) from <see cref="Fit"/>.</param>
    /// <param name="pixels">Images (N, P) int64.</param>
    /// <param name="labels">Classes (N) int64 (ignored when C = 1).</param>
    public static double BitsPerPixel(Tensor logProbs, Tensor pixels, Tensor labels)
    {
        using var scope = NewDisposeScope();
        long P = pixels.shape[1];
        var c = logProbs.shape[0] == 1 ? zeros_like(labels) : labels;                        // (N)
        var rows = logProbs[c];                                                              // (N, P, L)
        var picked = rows.gather(2, pixels.unsqueeze(2)).squeeze(2);                          // (N, P) log p(x_i | c)
        return -picked.mean().item<double>() / Math.Log(2);
    }
}
