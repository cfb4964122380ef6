using AttentionCourse.Localisation;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions of the chapter 14 exercises (notebooks/14-attention-for-localisation.ipynb).</summary>
public static class Chapter14
{
    /// <summary>Exercise 14.1: Ilse et al.'s attention weights a = softmax_k(w^T tanh(V h_k)).</summary>
    /// <param name="h">Instance embeddings (B, K, M).</param>
    /// <param name="V">(L, M), as <c>nn.Linear</c> stores it.</param>
    /// <param name="w">(1, L).</param>
    /// <returns>(B, K), rows summing to 1.</returns>
    public static Tensor MilWeights(Tensor h, Tensor V, Tensor w) =>
        h.matmul(V.t()).tanh().matmul(w.t()).squeeze(-1).softmax(-1);      // (B, K, L) -> (B, K, 1) -> (B, K)

    /// <summary>Exercise 14.2: intersection over union of two end-exclusive pixel boxes (top, left, bottom, right).</summary>
    /// <param name="a">First box.</param>
    /// <param name="b">Second box.</param>
    public static double IoU((int Top, int Left, int Bottom, int Right) a, (int Top, int Left, int Bottom, int Right) b)
    {
        int h = Math.Max(0, Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top));
        int w = Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left));
        double inter = h * w, union = (a.Bottom - a.Top) * (a.Right - a.Left) + (b.Bottom - b.Top) * (b.Right - b.Left) - inter;
        return union == 0 ? 0 : inter / union;
    }

    /// <summary>
    /// Exercise 14.3: the threshold with the best mean IoU on the validation maps, the smallest on ties, using
    /// <see cref="BoxFromMap.Box"/> for the boxes.
    /// </summary>
    /// <param name="maps">Validation maps.</param>
    /// <param name="truth">Validation boxes.</param>
    /// <param name="candidates">Thresholds to try.</param>
    /// <param name="grid">Patches per side.</param>
    /// <param name="patch">Pixels per patch side.</param>
    public static double ChooseThreshold(IReadOnlyList<double[]> maps, IReadOnlyList<PixelBox> truth, IReadOnlyList<double> candidates, int grid, int patch)
    {
        double best = double.NegativeInfinity, bestTau = candidates[0];
        foreach (var tau in candidates.Order())
        {
            double mean = maps.Select((m, i) => BoxFromMap.Box(m, grid, patch, tau).IoU(truth[i])).Average();
            if (mean > best) (best, bestTau) = (mean, tau);
        }
        return bestTau;
    }
}
