using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Efficient;

/// <summary>
/// Exact softmax attention computed over blocks of keys and values with an online softmax (Milakov &amp; Gimelshein
/// 2018; FlashAttention's algorithm 1, Dao et al. 2022): each query keeps a running maximum m, a running denominator l
/// and a running weighted sum of values, rescaled by exp(m_old - m_new) whenever a block raises the maximum. The full
/// T × S score matrix never exists: the largest temporary is one (…, chunk, chunk) block. Queries are processed in
/// blocks of the same size, so memory beyond q, k, v and the output grows with chunk², not with T·S.
/// Masks follow the course's convention (true = attend; fully masked rows give 0). Used in chapter 19.
/// </summary>
public static class ChunkedAttention
{
    /// <summary>
    /// softmax(Q Kᵀ / √d, masked) V, one key block at a time. Equal to <c>scaled_dot_product_attention</c> to 1e-5 (tested).
    /// </summary>
    /// <param name="q">Queries (..., T, d).</param>
    /// <param name="k">Keys (..., S, d).</param>
    /// <param name="v">Values (..., S, d_v).</param>
    /// <param name="chunk_size">Keys per block, and queries per block; at least 1.</param>
    /// <param name="is_causal">Query i sees keys j ≤ i (PyTorch's top-left convention, also when T ≠ S); default false.</param>
    /// <param name="mask">Optional boolean mask broadcastable to (..., T, S), true = attend.</param>
    /// <returns>(..., T, d_v); rows with no key to attend to are 0.</returns>
    public static Tensor Compute(Tensor q, Tensor k, Tensor v, long chunk_size, bool is_causal = false, Tensor? mask = null)
    {
        if (chunk_size < 1) throw new ArgumentOutOfRangeException(nameof(chunk_size), "chunk_size must be at least 1.");
        var (T, S) = (q.shape[^2], k.shape[^2]);
        var outputs = new List<Tensor>();
        using var scope = NewDisposeScope();
        for (long t0 = 0; t0 < T; t0 += chunk_size)
        {
            long tn = Math.Min(chunk_size, T - t0);
            long keysNeeded = is_causal ? Math.Min(S, t0 + tn) : S;                    // causal: later key blocks are all masked
            var qBlock = q.narrow(-2, t0, tn);                                          // (..., tq, d)
            var maskRows = mask is null ? null : mask.shape[^2] == 1 ? mask : mask.narrow(-2, t0, tn); // (..., tq | 1, S | 1)
            outputs.Add(QueryBlock(qBlock, k, v, t0, keysNeeded, chunk_size, is_causal, maskRows));
        }
        var result = outputs.Count == 1 ? outputs[0] : cat(outputs, -2);                // (..., T, d_v)
        if (outputs.Count == 0) result = zeros([.. q.shape[..^1], v.shape[^1]], q.dtype, q.device);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>One block of queries against every key block: the online softmax of FlashAttention's algorithm 1.</summary>
    static Tensor QueryBlock(Tensor q, Tensor k, Tensor v, long t0, long keys, long chunk, bool is_causal, Tensor? mask)
    {
        using var scope = NewDisposeScope();
        double scale = 1.0 / Math.Sqrt(q.shape[^1]);
        long tq = q.shape[^2];
        var runningMax = full([.. q.shape[..^1], 1], double.NegativeInfinity, q.dtype, q.device);   // m: (..., tq, 1)
        var denominator = zeros([.. q.shape[..^1], 1], q.dtype, q.device);                          // l: (..., tq, 1)
        var accumulator = zeros([.. q.shape[..^1], v.shape[^1]], q.dtype, q.device);               // (..., tq, d_v)
        for (long s0 = 0; s0 < keys; s0 += chunk)
        {
            using var step = NewDisposeScope();
            long sn = Math.Min(chunk, keys - s0);
            var scores = q.matmul(k.narrow(-2, s0, sn).transpose(-2, -1)) * scale;     // (..., tq, sn)
            var allowed = BlockMask(mask, t0, tq, s0, sn, is_causal, q.device);          // (..., tq | 1, sn) or null
            if (allowed is not null) scores = scores.masked_fill(allowed.logical_not(), double.NegativeInfinity);
            var newMax = maximum(runningMax, scores.amax([-1], keepdim: true));         // (..., tq, 1)
            var safeMax = newMax.masked_fill(newMax.isinf(), 0.0);                      // a row with no key yet: use 0
            var rescale = (runningMax - safeMax).exp();                                 // exp(m_old - m_new); 0 from -inf
            var p = (scores - safeMax).exp();                                           // (..., tq, sn); masked → 0
            denominator = (rescale * denominator + p.sum(-1, keepdim: true)).MoveToOuterDisposeScope();
            accumulator = (rescale * accumulator + p.matmul(v.narrow(-2, s0, sn))).MoveToOuterDisposeScope(); // (..., tq, d_v)
            runningMax = newMax.MoveToOuterDisposeScope();
        }
        var output = accumulator / denominator.masked_fill(denominator.eq(0), 1.0);    // empty rows: 0 / 1 = 0
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>The user's mask and the causal rule restricted to queries t0.. and keys s0.., or null when neither applies.</summary>
    static Tensor? BlockMask(Tensor? mask, long t0, long tq, long s0, long sn, bool is_causal, Device device)
    {
        Tensor? block = mask is null ? null : mask.shape[^1] == 1 ? mask : mask.narrow(-1, s0, sn); // (..., tq | 1, sn | 1)
        if (!is_causal || s0 + sn - 1 <= t0) return block;                             // whole block is at or below the diagonal
        var rows = arange(t0, t0 + tq, device: device).unsqueeze(1);                   // (tq, 1)
        var cols = arange(s0, s0 + sn, device: device).unsqueeze(0);                   // (1, sn)
        var causal = cols.le(rows);                                                    // (tq, sn): key j ≤ query i
        return block is null ? causal : block.logical_and(causal);
    }
}
