using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions to the exercises of chapter 20 (interpretability).</summary>
public static class Chapter20
{
    /// <summary>Exercise 20.1: ranks 1..n, ties sharing the mean of the ranks they span.</summary>
    /// <param name="values">The values.</param>
    public static double[] Ranks(double[] values)
    {
        var ranks = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int below = values.Count(v => v < values[i]), equal = values.Count(v => v == values[i]);
            ranks[i] = below + (equal + 1) / 2.0;          // ranks below+1 .. below+equal, averaged
        }
        return ranks;
    }

    /// <summary>Exercise 20.2: Jensen-Shannon divergence over the last dimension, in nats.</summary>
    /// <param name="p">(..., n) distributions with no zero entries.</param>
    /// <param name="q">(..., n) distributions with no zero entries.</param>
    /// <returns>(...).</returns>
    public static Tensor Jsd(Tensor p, Tensor q)
    {
        var m = (p + q) / 2;
        return 0.5 * (p * (p / m).log()).sum(-1) + 0.5 * (q * (q / m).log()).sum(-1);
    }

    /// <summary>Exercise 20.3: fraction of sequences whose highest-scoring token is one of the two markers.</summary>
    /// <param name="scores">(B, T) token scores, 0 on padding (non-negative elsewhere).</param>
    /// <param name="gold">(B, T) 1 on the markers, 0 elsewhere.</param>
    public static double TopTokenIsMarker(Tensor scores, Tensor gold) =>
        gold.gather(1, scores.argmax(-1, keepdim: true)).mean().item<float>();
}
