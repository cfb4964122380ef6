using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions of the chapter 19 exercises (notebooks/19-efficient-attention.ipynb).</summary>
public static class Chapter19
{
    /// <summary>Exercise 19.1: (n, n) bool, true where |i - j| ≤ w.</summary>
    /// <param name="n">Length.</param>
    /// <param name="w">Half-width.</param>
    public static Tensor WindowMask(long n, long w) => (arange(n).unsqueeze(1) - arange(n).unsqueeze(0)).abs().le(w);

    /// <summary>Exercise 19.2: KV cache bytes per generated token, 2 · B · L · h · d_k · bytes.</summary>
    /// <param name="B">Sequences.</param>
    /// <param name="L">Layers.</param>
    /// <param name="h">Heads.</param>
    /// <param name="d_k">Head width.</param>
    /// <param name="bytes">Bytes per number.</param>
    public static double KvBytesPerToken(int B, int L, int h, int d_k, int bytes) => 2.0 * B * L * h * d_k * bytes;

    /// <summary>Exercise 19.3: non-causal linear attention, φ(Q)(φ(K)ᵀV) / φ(Q)Σφ(K), φ = elu + 1.</summary>
    /// <param name="q">(..., T, d).</param>
    /// <param name="k">(..., S, d).</param>
    /// <param name="v">(..., S, d_v).</param>
    public static Tensor Linear(Tensor q, Tensor k, Tensor v)
    {
        var (fq, fk) = (nn.functional.elu(q, 1.0) + 1, nn.functional.elu(k, 1.0) + 1);
        var kv = fk.transpose(-2, -1).matmul(v);                                 // (..., d, d_v)
        var z = fk.sum(-2, keepdim: true);                                       // (..., 1, d)
        return fq.matmul(kv) / (fq * z).sum(-1, keepdim: true);                  // (..., T, d_v)
    }

    /// <summary>Exercise 19.4: causal (top-left) attention over key blocks with an online softmax.</summary>
    /// <param name="q">(..., T, d).</param>
    /// <param name="k">(..., S, d).</param>
    /// <param name="v">(..., S, d_v).</param>
    /// <param name="chunk">Keys per block.</param>
    public static Tensor CausalChunked(Tensor q, Tensor k, Tensor v, long chunk)
    {
        long T = q.shape[^2];
        var m = full([.. q.shape[..^1], 1], double.NegativeInfinity);
        var l = zeros([.. q.shape[..^1], 1]);
        var a = zeros([.. q.shape[..^1], v.shape[^1]]);
        var rows = arange(T).unsqueeze(1);                                       // (T, 1)
        for (long s0 = 0; s0 < k.shape[^2]; s0 += chunk)
        {
            long n = Math.Min(chunk, k.shape[^2] - s0);
            var s = q.matmul(k.narrow(-2, s0, n).transpose(-2, -1)) / Math.Sqrt(q.shape[^1]);   // (..., T, n)
            s = s.masked_fill(arange(s0, s0 + n).unsqueeze(0).gt(rows), double.NegativeInfinity);
            var mNew = maximum(m, s.amax([-1], keepdim: true));
            var safe = mNew.masked_fill(mNew.isinf(), 0.0);                      // rows with no key yet in this block
            var p = (s - safe).exp();
            var rescale = (m - safe).exp();
            l = rescale * l + p.sum(-1, keepdim: true);
            a = rescale * a + p.matmul(v.narrow(-2, s0, n));
            m = mNew;
        }
        return a / l;
    }
}
