using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions to the exercises of chapter 07 (sequence-to-sequence with attention).</summary>
public static class Chapter07
{
    /// <summary>Exercise 7.1: the four-digit year of a two-digit year in this task's range 1950-2049.</summary>
    /// <param name="yy">Two-digit year 0..99.</param>
    public static int FullYear(int yy) => yy < 50 ? 2000 + yy : 1900 + yy;

    /// <summary>
    /// Exercise 7.2: fraction of output characters with a non-empty gold list whose attention arg-max is a gold
    /// source position (NaN when none has one).
    /// </summary>
    /// <param name="weights">Attention weights (T, S).</param>
    /// <param name="gold">Gold source positions per output character.</param>
    public static double Agreement(float[,] weights, IReadOnlyList<int[]> gold)
    {
        var counted = 0;
        var agree = 0;
        for (var i = 0; i < gold.Count; i++)
        {
            if (gold[i].Length == 0) continue;
            var row = Enumerable.Range(0, weights.GetLength(1)).Select(j => weights[i, j]).ToArray();
            counted++;
            if (gold[i].Contains(Array.IndexOf(row, row.Max()))) agree++;
        }
        return counted == 0 ? double.NaN : (double)agree / counted;
    }

    /// <summary>Exercise 7.3: additive scores e = w_v^T tanh(W_q q + W_k k), (B, T, S).</summary>
    /// <param name="q">Queries (B, T, d_q).</param>
    /// <param name="k">Keys (B, S, d_k).</param>
    /// <param name="Wq">W_q (H, d_q).</param>
    /// <param name="Wk">W_k (H, d_k).</param>
    /// <param name="wv">w_v (1, H).</param>
    public static Tensor AdditiveScores(Tensor q, Tensor k, Tensor Wq, Tensor Wk, Tensor wv)
    {
        var features = (q.matmul(Wq.T).unsqueeze(2) + k.matmul(Wk.T).unsqueeze(1)).tanh(); // (B, T, S, H)
        return features.matmul(wv.T).squeeze(-1);                                          // (B, T, S)
    }
}
