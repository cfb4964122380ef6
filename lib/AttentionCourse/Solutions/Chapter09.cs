using AttentionCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions of the chapter 09 exercises (notebooks/09-attention-pooling-classification.ipynb).</summary>
public static class Chapter09
{
    /// <summary>Exercise 9.1: masked mean pooling, Σ_t m_t h_t / Σ_t m_t, with padding (m_t = 0) left out.</summary>
    /// <param name="h">Token vectors (B, T, E).</param>
    /// <param name="mask">(B, T), true = real token.</param>
    /// <returns>(B, E).</returns>
    public static Tensor MaskedMean(Tensor h, Tensor mask)
    {
        var m = mask.to_type(h.dtype).unsqueeze(-1);                           // (B, T, 1)
        return (h * m).sum(1) / m.sum(1).clamp_min(1.0);                       // (B, E)
    }

    /// <summary>Exercise 9.2: attention-pooling weights α = softmax(h q / √E) over the real tokens only.</summary>
    /// <param name="h">Token vectors (B, T, E).</param>
    /// <param name="q">Query (E).</param>
    /// <param name="mask">(B, T), true = real token.</param>
    /// <returns>(B, T), rows summing to 1, zero on padding.</returns>
    public static Tensor PoolingWeights(Tensor h, Tensor q, Tensor mask)
    {
        var scores = h.matmul(q) / Math.Sqrt(h.shape[^1]);                     // (B, T)
        return MaskedSoftmax.forward(scores, mask);
    }

    /// <summary>Exercise 9.3: accuracy per class from a confusion matrix C (rows gold, columns predicted): C_ii / Σ_j C_ij (recall).</summary>
    /// <param name="confusion">(K, K) counts.</param>
    /// <returns>K recalls.</returns>
    public static double[] Recall(double[,] confusion) =>
        Enumerable.Range(0, confusion.GetLength(0))
            .Select(i => confusion[i, i] / Math.Max(1, Enumerable.Range(0, confusion.GetLength(1)).Sum(j => confusion[i, j]))).ToArray();
}
