using static TorchSharp.torch;

namespace AttentionCourse.Efficient;

/// <summary>
/// Exact softmax attention computed over blocks of keys and values with an online softmax (Milakov &amp; Gimelshein
/// 2018; FlashAttention's algorithm 1, Dao et al. 2022): each query keeps a running maximum m, a running denominator l
/// and a running weighted sum of values, rescaled by exp(m_old - m_new) whenever a block raises the maximum. The full
/// T × S score matrix never exists: a block of chunk queries meets one block of chunk keys at a time, so the largest
/// temporary is one (chunk, chunk) block of scores, reused and updated in place. Memory beyond q, k, v and the output
/// grows with chunk², not with T · S. Masks follow the course's convention (true = attend; fully masked rows give 0).
/// For inference: it runs without autograd (train with <c>scaled_dot_product_attention</c>). Used in chapter 19.
/// </summary>
/// <remarks>
/// Why it is fast: per block pair one (chunk, d) × (d, chunk) product into a reused buffer (<c>addmm_</c>), the
/// shift and exponential in place (<c>sub_</c>, <c>exp_</c>) and the second product added in place into the running
/// sum (<c>addmm_</c>): no block-sized tensor is allocated inside the loop, which matters when every large allocation
/// is a fresh mapping from the kernel (as under <see cref="PeakMemory"/>'s allocator setting; LibTorch's row softmax,
/// which allocates its result, made the whole call about 5x slower there). Query blocks are independent
/// (FlashAttention gives each to its own GPU thread block); here they are shared among <c>torch.get_num_threads()</c>
/// worker threads, each running LibTorch single-threaded, so that thousands of small operations do not each wait for a
/// team of threads (which on a busy machine costs more than the arithmetic). Causal attention skips the key blocks a query block cannot see and masks only where a block crosses
/// the diagonal.
/// </remarks>
public static class ChunkedAttention
{
    /// <summary>
    /// softmax(Q Kᵀ / √d, masked) V, one key block at a time. Equal to <c>scaled_dot_product_attention</c> to 1e-5 (tested).
    /// </summary>
    /// <param name="q">Queries (..., T, d).</param>
    /// <param name="k">Keys (..., S, d).</param>
    /// <param name="v">Values (..., S, d_v).</param>
    /// <param name="chunk_size">Keys per block; at least 1.</param>
    /// <param name="is_causal">Query i sees keys j ≤ i (PyTorch's top-left convention, also when T ≠ S); default false.</param>
    /// <param name="mask">Optional boolean mask broadcastable to (..., T, S), true = attend.</param>
    /// <param name="query_chunk_size">Queries per block; 0 (the default) means the same as <paramref name="chunk_size"/>.
    /// The largest temporary is one (query_chunk_size, chunk_size) block of scores per worker thread.</param>
    /// <returns>(..., T, d_v); rows with no key to attend to are 0. It does not require grad.</returns>
    public static Tensor Compute(Tensor q, Tensor k, Tensor v, long chunk_size, bool is_causal = false, Tensor? mask = null,
        long query_chunk_size = 0)
    {
        if (chunk_size < 1) throw new ArgumentOutOfRangeException(nameof(chunk_size), "chunk_size must be at least 1.");
        if (query_chunk_size < 0)
            throw new ArgumentOutOfRangeException(nameof(query_chunk_size), "query_chunk_size must be at least 1 (or 0: chunk_size).");
        long queryChunk = query_chunk_size == 0 ? chunk_size : query_chunk_size;
        if (q.requires_grad || k.requires_grad || v.requires_grad)
            throw new ArgumentException("ChunkedAttention.Compute is for inference (it updates buffers in place); " +
                "to train, use nn.functional.scaled_dot_product_attention, which computes the same values.", nameof(q));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (T, S, d, dv) = (q.shape[^2], k.shape[^2], q.shape[^1], v.shape[^1]);
        long[] batch = BroadcastShape(q.shape[..^2], k.shape[..^2], v.shape[..^2]);       // the leading "..." dims
        long B = batch.Aggregate(1L, (a, b) => a * b);
        var q3 = (q.expand([.. batch, T, d]) * (1.0 / Math.Sqrt(d))).reshape(B, T, d);    // (B, T, d), scaled once
        var k3 = k.expand([.. batch, S, d]).reshape(B, S, d);                               // (B, S, d)
        var v3 = v.expand([.. batch, S, dv]).reshape(B, S, dv);                            // (B, S, d_v)
        var fullMask = mask?.expand([.. batch, T, S]);                                      // a view: nothing copied
        var output = zeros(B, T, dv, q.dtype, q.device);                                   // (B, T, d_v)
        var blocks = (from b in Enumerable.Range(0, (int)B) from t0 in Range(0, T, queryChunk) select (b: (long)b, t0)).ToArray();
        int workers = (int)Math.Max(1, Math.Min(get_num_threads(), blocks.Length));
        long bufferSize = Math.Min(queryChunk, T) * Math.Min(chunk_size, Math.Max(S, 1));
        // The key and value blocks of each sequence, as views made once and shared by every query block and worker.
        (Tensor kT, Tensor v) KeyBlock(int b, long s0)
        {
            long sn = Math.Min(chunk_size, S - s0);
            return (k3[b].narrow(0, s0, sn).t(), v3[b].narrow(0, s0, sn));
        }
        var keyBlocks = Enumerable.Range(0, (int)B).Select(b => Range(0, S, chunk_size).Select(s0 => KeyBlock(b, s0)).ToArray())
            .ToArray();
        void Work(int worker)                                                               // query blocks worker, worker + W, ...
        {
            using var workerNoGrad = no_grad();                                             // grad mode is per thread
            using var workerScope = NewDisposeScope();
            var buffer = empty(bufferSize, q.dtype, q.device);                              // one block of scores, reused
            var scoreViews = new Dictionary<(long, long), Tensor>();                        // (rows, keys) views of it
            Tensor ScoreView(long rows, long keys)                                          // made once, kept by the worker
            {
                if (!scoreViews.TryGetValue((rows, keys), out var view))
                    scoreViews[(rows, keys)] = view = buffer.narrow(0, 0, rows * keys).view(rows, keys).DetachFromDisposeScope();
                return view;
            }
            for (int i = worker; i < blocks.Length; i += workers)
            {
                using var blockScope = NewDisposeScope();
                var (b, t0) = blocks[i];
                long tn = Math.Min(queryChunk, T - t0);
                var maskRows = fullMask is null ? null : Select(fullMask, batch, b).narrow(0, t0, tn); // (tn, S) view
                var rows = QueryBlock(q3[b].narrow(0, t0, tn), keyBlocks[b], S, t0, chunk_size, is_causal, maskRows, ScoreView);
                output[b].narrow(0, t0, tn).copy_(rows);
            }
            foreach (var view in scoreViews.Values) view.Dispose();
        }
        if (workers == 1) Work(0);
        else
        {
            int previous = get_num_threads();
            var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
            var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
            {
                try { set_num_threads(1); Work(w); } catch (Exception e) { errors.Enqueue(e); }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            set_num_threads(previous);                                                      // LibTorch keeps the last setting
            if (!errors.IsEmpty) throw new AggregateException(errors);
        }
        return output.reshape([.. batch, T, dv]).MoveToOuterDisposeScope();                // (..., T, d_v)
    }

    static IEnumerable<long> Range(long start, long end, long step) { for (long x = start; x < end; x += step) yield return x; }

    /// <summary>One block of queries against every key block it may see: the online softmax, in place.</summary>
    /// <param name="q">(tq, d), already scaled by 1/√d.</param>
    /// <param name="keyBlocks">Each block's keys transposed, (d, sn), and values, (sn, d_v), in order.</param>
    /// <param name="S">Number of keys, over all blocks.</param>
    /// <param name="t0">Position of the block's first query.</param>
    /// <param name="chunk">Keys per block.</param>
    /// <param name="is_causal">Query i sees keys j ≤ i.</param>
    /// <param name="mask">(tq, S) bool view or null.</param>
    /// <param name="scores">Gives a (rows, keys) view of the worker's reused buffer for one block's scores.</param>
    /// <returns>(tq, d_v).</returns>
    static Tensor QueryBlock(Tensor q, (Tensor kT, Tensor v)[] keyBlocks, long S, long t0, long chunk, bool is_causal,
        Tensor? mask, Func<long, long, Tensor> scores)
    {
        var (tq, dv) = (q.shape[0], keyBlocks[0].v.shape[1]);
        long keys = is_causal ? Math.Min(S, t0 + tq) : S;                                  // causal: later key blocks are all masked
        var runningMax = full(tq, 1, double.NegativeInfinity, q.dtype, q.device);          // m: (tq, 1)
        var denominator = zeros(tq, 1, q.dtype, q.device);                                  // l = Σ exp(s - m): (tq, 1)
        var accumulator = zeros(tq, dv, q.dtype, q.device);                                 // a = Σ exp(s - m) v: (tq, d_v)
        for (long s0 = 0; s0 < keys; s0 += chunk)
        {
            using var step = NewDisposeScope();
            var (kT, vBlock) = keyBlocks[s0 / chunk];                                        // (d, sn), (sn, d_v)
            long sn = Math.Min(kT.shape[1], keys - s0);                                     // causal: the visible keys
            if (sn < kT.shape[1]) (kT, vBlock) = (kT.narrow(1, 0, sn), vBlock.narrow(0, 0, sn));
            var block = scores(tq, sn);                                                     // (tq, sn), contiguous
            block.addmm_(q, kT, beta: 0, alpha: 1);                                         // q_i · k_j / √d
            bool masked = mask is not null || (is_causal && s0 + sn - 1 > t0);             // some score may be -inf
            if (mask is not null) block.masked_fill_(mask.narrow(1, s0, sn).logical_not(), double.NegativeInfinity);
            if (is_causal && s0 + sn - 1 > t0)                                              // the block crosses the diagonal
            {
                var later = arange(s0, s0 + sn, device: q.device).unsqueeze(0).gt(arange(t0, t0 + tq, device: q.device).unsqueeze(1));
                block.masked_fill_(later, double.NegativeInfinity);                        // key j > query i
            }
            var newMax = maximum(runningMax, block.amax([1], keepdim: true));              // m': (tq, 1)
            var safeMax = masked ? newMax.masked_fill(newMax.isinf(), 0.0) : newMax;        // a row with no key yet: use 0
            block.sub_(safeMax).exp_();                                                    // p = exp(s - m'); masked → 0
            var rescale = (runningMax - safeMax).exp_();                                    // exp(m - m'); -inf → 0
            denominator.mul_(rescale).add_(block.sum(1, keepdim: true));                   // l' = l e^(m - m') + Σ p
            accumulator.mul_(rescale).addmm_(block, vBlock, beta: 1, alpha: 1); // a' = a e^(m - m') + p V_B
            runningMax.copy_(newMax);
        }
        return accumulator / denominator.masked_fill(denominator.eq(0), 1.0);             // empty rows: 0 / 1 = 0
    }

    /// <summary>The (T, S) matrix of flat batch index b from a (batch..., T, S) view.</summary>
    static Tensor Select(Tensor x, long[] batch, long b)
    {
        var index = new long[batch.Length];
        for (int i = batch.Length - 1; i >= 0; i--) { index[i] = b % batch[i]; b /= batch[i]; }
        foreach (var i in index) x = x.select(0, i);
        return x;
    }

    /// <summary>NumPy broadcasting of the leading dimensions of q, k and v.</summary>
    static long[] BroadcastShape(params long[][] shapes)
    {
        int rank = shapes.Max(s => s.Length);
        var result = Enumerable.Repeat(1L, rank).ToArray();
        foreach (var s in shapes)
            for (int i = 0; i < s.Length; i++)
            {
                long size = s[i], slot = rank - s.Length + i;
                if (size != 1 && result[slot] != 1 && result[slot] != size)
                    throw new ArgumentException($"q, k and v have batch dimensions that do not broadcast: {string.Join(" / ", shapes.Select(x => $"({string.Join(", ", x)})"))}.");
                if (size != 1) result[slot] = size;
            }
        return result;
    }
}
