using AttentionCourse.Attention;
using AttentionCourse.Efficient;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Efficient;

public class ChunkedAttentionTests
{
    public ChunkedAttentionTests() => T.Init();

    static Tensor Reference(Tensor q, Tensor k, Tensor v, Tensor? mask = null, bool is_causal = false) =>
        ScaledDotProductAttention.forward(q, k, v, mask, is_causal, fused: true).output;

    [Theory]
    [InlineData(16, 16, 4)]     // square, multiple of the chunk
    [InlineData(7, 23, 5)]      // T != S, neither a multiple of the chunk
    [InlineData(23, 7, 5)]      // more queries than keys
    [InlineData(9, 9, 100)]     // one chunk larger than everything
    [InlineData(10, 13, 1)]     // one key at a time
    public void Chunked_equals_fused_attention(int T, int S, int chunk)
    {
        var (q, k, v) = (randn(2, 3, T, 8), randn(2, 3, S, 8), randn(2, 3, S, 6));
        T_.Close(nn.functional.scaled_dot_product_attention(q, k, v), ChunkedAttention.Compute(q, k, v, chunk));
    }

    [Theory]
    [InlineData(23, 7, 3, 5, false)]      // query blocks smaller than key blocks, ragged
    [InlineData(17, 29, 8, 3, false)]     // query blocks larger than key blocks
    [InlineData(20, 13, 7, 4, true)]      // causal with T > S: blocks cross the diagonal at different places
    [InlineData(13, 20, 4, 7, true)]
    public void Query_blocks_of_another_size_give_the_same_attention(int T, int S, int keys, int queries, bool causal)
    {
        var (q, k, v) = (randn(2, T, 8), randn(2, S, 8), randn(2, S, 5));
        T_.Close(Reference(q, k, v, is_causal: causal),
            ChunkedAttention.Compute(q, k, v, keys, is_causal: causal, query_chunk_size: queries));
    }

    [Theory]
    [InlineData(12, 12, 5)]
    [InlineData(6, 14, 4)]
    [InlineData(14, 6, 4)]
    public void Causal_chunked_lets_query_i_see_keys_up_to_i(int T, int S, int chunk)
    {
        var (q, k, v) = (randn(2, T, 8), randn(2, S, 8), randn(2, S, 8));
        var explicitMask = ones(T, S, ScalarType.Bool).tril();                       // PyTorch: j <= i, top-left
        T_.Close(Reference(q, k, v, explicitMask), ChunkedAttention.Compute(q, k, v, chunk, is_causal: true));
    }

    [Fact]
    public void TorchSharp_fused_is_causal_is_top_left_aligned_when_T_differs_from_S()
    {
        // The finding chapter 19 states: TorchSharp 0.107 (LibTorch 2.x) builds its causal mask as tril(ones(T, S)),
        // query i sees keys j <= i, not the bottom-right alignment (j <= i + S - T) some decoders want.
        var (q, k, v) = (randn(1, 4, 8), randn(1, 7, 8), randn(1, 7, 8));
        var fusedCausal = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true);
        T_.Close(Reference(q, k, v, ones(4, 7, ScalarType.Bool).tril()), fusedCausal);
        var bottomRight = ones(4, 7, ScalarType.Bool).tril(3);
        Assert.True(T.MaxAbsDiff(Reference(q, k, v, bottomRight), fusedCausal) > 1e-3);
    }

    [Fact]
    public void Masks_broadcast_and_fully_masked_rows_give_zero()
    {
        var (q, k, v) = (randn(2, 2, 9, 8), randn(2, 2, 11, 8), randn(2, 2, 11, 4));
        var mask = rand(2, 1, 9, 11).gt(0.6);
        mask[0, 0, 3] = zeros(11, ScalarType.Bool);                                   // query 3 of batch 0 sees nothing
        var chunked = ChunkedAttention.Compute(q, k, v, 4, mask: mask);
        T_.Close(Reference(q, k, v, mask), chunked);
        Assert.Equal(0.0, chunked[0, .., 3].abs().max().item<float>());
        var keyMask = rand(2, 1, 1, 11).gt(0.3);                                        // (B, 1, 1, S) key padding
        T_.Close(Reference(q, k, v, keyMask), ChunkedAttention.Compute(q, k, v, 3, mask: keyMask));
        T_.Close(Reference(q, k, v, mask, is_causal: true), ChunkedAttention.Compute(q, k, v, 4, is_causal: true, mask: mask));
    }

    [Fact]
    public void Large_logits_do_not_overflow()
    {
        var (q, k, v) = (randn(1, 40, 8) * 30, randn(1, 40, 8) * 30, randn(1, 40, 8));
        var chunked = ChunkedAttention.Compute(q, k, v, 7);
        Assert.True(chunked.isfinite().all().item<bool>());
        T_.Close(nn.functional.scaled_dot_product_attention(q, k, v), chunked, 1e-4);
    }

    [Fact]
    public void Broadcast_batch_dimensions_and_worker_threads_leave_the_thread_setting_as_it_was()
    {
        int before = get_num_threads();
        var (q, k, v) = (randn(2, 3, 37, 8), randn(3, 29, 8), randn(1, 3, 29, 5));        // batch dims broadcast to (2, 3)
        T_.Close(nn.functional.scaled_dot_product_attention(q, k.expand(2, 3, 29, 8), v.expand(2, 3, 29, 5)),
            ChunkedAttention.Compute(q, k, v, 8));                                         // 5 query blocks x 6 sequences
        Assert.Equal(before, get_num_threads());
    }

    [Fact]
    public void Inputs_that_require_grad_are_refused_with_a_pointer_to_the_fused_kernel()
    {
        var q = randn(1, 4, 8).requires_grad_();
        var error = Assert.Throws<ArgumentException>(() => ChunkedAttention.Compute(q, randn(1, 4, 8), randn(1, 4, 8), 2));
        Assert.Contains("scaled_dot_product_attention", error.Message);
    }

    [Fact]
    public void Paths_agree()
    {
        var (q, k, v) = (randn(1, 300, 16), randn(1, 300, 16), randn(1, 300, 16));
        foreach (var name in AttentionPaths.Names)
            T_.Close(AttentionPaths.Naive(q, k, v), AttentionPaths.Run(name, q, k, v, chunk_size: 64));
    }
}

/// <summary>Tensor closeness at the 1e-5 the chapter promises.</summary>
static class T_
{
    public static void Close(Tensor expected, Tensor actual, double tol = 1e-5) => T.Close(expected, actual, tol);
}

public class LinearAttentionTests
{
    public LinearAttentionTests() => T.Init();

    [Fact]
    public void Recurrent_form_equals_the_causal_parallel_form()
    {
        var (q, k, v) = (randn(2, 3, 17, 8), randn(2, 3, 17, 8), randn(2, 3, 17, 5));
        T.Close(LinearAttention.Parallel(q, k, v, is_causal: true), LinearAttention.Recurrent(q, k, v));
    }

    [Fact]
    public void Non_causal_form_equals_normalised_kernel_weights()
    {
        var (q, k, v) = (randn(2, 6, 4), randn(2, 9, 4), randn(2, 9, 3));
        var (fq, fk) = (nn.functional.elu(q, 1.0) + 1, nn.functional.elu(k, 1.0) + 1);
        var weights = fq.matmul(fk.transpose(1, 2));                                    // (2, 6, 9)
        weights = weights / weights.sum(-1, keepdim: true);
        T.Close(weights.matmul(v), LinearAttention.Parallel(q, k, v, is_causal: false));
    }

    [Fact]
    public void Causal_output_ignores_later_positions()
    {
        var (q, k, v) = (randn(1, 10, 4), randn(1, 10, 4), randn(1, 10, 4));
        var before = LinearAttention.Parallel(q, k, v, true);
        k[0, 7] = randn(4); v[0, 9] = randn(4);
        T.Close(before[0, ..7], LinearAttention.Parallel(q, k, v, true)[0, ..7]);
    }
}

public class SparseAndMemoryTests
{
    public SparseAndMemoryTests() => T.Init();

    [Fact]
    public void Window_and_strided_masks_have_the_counted_density()
    {
        var window = SparseMasks.SlidingWindow(10, 2);
        // rows 0..9 see min(i, 2) + 1 + min(9 - i, 2) keys: 3 + 4 + 5*6 + 4 + 3 = 44
        Assert.Equal(44, window.sum().item<long>());
        Assert.Equal(0.44, SparseMasks.Density(window), 6);
        var strided = SparseMasks.Strided(8, 0, 4);                                     // diagonal + columns 3 and 7
        Assert.Equal(8 + 16 - 2, strided.sum().item<long>());
    }

    [Fact]
    public void Recall_sequences_have_distinct_keys_and_the_right_answer()
    {
        var task = new AssociativeRecall(Pairs: 8, Keys: 16, Values: 4);
        var (keys, values, target, position) = task.Sample(50, new Random(1));
        for (int b = 0; b < 50; b++)
        {
            var row = keys[b, ..8].data<long>().ToArray();
            Assert.Equal(8, row.Distinct().Count());
            long asked = position[b].item<long>();
            Assert.Equal(keys[b, 8].item<long>(), row[asked]);
            Assert.Equal(values[b, asked].item<long>(), target[b].item<long>());
        }
    }

    [Fact]
    public void Recall_model_runs_with_every_kind_of_attention()
    {
        var task = new AssociativeRecall(Pairs: 8, Keys: 16, Values: 4);
        var (keys, values, _, _) = task.Sample(3, new Random(2));
        foreach (var model in new[] { new RecallModel(task), new RecallModel(task, mask: SparseMasks.SlidingWindow(9, 2)),
                     new RecallModel(task, AttentionKind.Linear) })
            Assert.Equal([3L, 4], model.call(keys, values).shape);
    }
}

/// <summary>
/// The allocator settings and the high-water mark are process-wide, so these tests run alone: a test running beside them
/// would allocate and free tensors (inflating the peak), and while <see cref="PeakMemory.Exact"/> is active every one of
/// its large tensors is mapped and unmapped too.
/// </summary>
[CollectionDefinition(nameof(PeakMemoryTests), DisableParallelization = true)]
public class PeakMemoryCollection;

[Collection(nameof(PeakMemoryTests))]
public class PeakMemoryTests
{
    public PeakMemoryTests() => T.Init();

    [Fact]
    public void Peak_memory_sees_a_large_allocation_and_forgets_it_afterwards()
    {
        if (!PeakMemory.IsSupported) return;
        var big = PeakMemory.Measure(() => { using var t = ones(64L * 1024 * 1024 / 4); });   // 64 MiB, touched
        Assert.InRange(big.PeakBytes, 60e6, 90e6);
        var small = PeakMemory.Measure(() => { using var t = ones(1024); });
        Assert.True(small.PeakBytes < 8e6, $"a 4 KiB tensor measured {small.PeakBytes} bytes");
    }

    [Fact]
    public void Peak_memory_leaves_the_allocator_as_fast_as_it_found_it()
    {
        if (!PeakMemory.IsSupported) return;
        PeakMemory.Measure(() => { });
        // Measuring maps every block of 64 KiB or more straight from the kernel; left that way, each tensor of a training
        // step costs an mmap, page faults and an munmap (chapter 19's recall trainings ran 5-10x slower after a Measure).
        Assert.False(MallocMaps(2 << 20), "after PeakMemory.Measure a 2 MiB malloc is served by mmap");
        using (PeakMemory.Exact()) { }
        Assert.False(MallocMaps(8 << 20), "after PeakMemory.Exact an 8 MiB malloc is served by mmap");
    }

    [Fact]
    public void Inside_exact_memory_freed_earlier_is_not_reused_unseen()
    {
        if (!PeakMemory.IsSupported) return;
        PeakMemory.Measure(() => { });
        const int size = 16 << 20;
        Touch(size);                                   // 16 MiB resident, then freed into this thread's heap
        // Outside Exact the heap keeps that memory resident and serves the next block from it: resident memory does not
        // grow, so a measurement would see nothing. This is what Exact is there to prevent.
        Assert.True(Touch(size) < 4 << 20, "outside PeakMemory.Exact the freed 16 MiB were expected to be reused");
        using (PeakMemory.Exact())
        {
            double grown = Touch(size);
            Assert.True(grown > 15 << 20, $"inside PeakMemory.Exact 16 MiB touched raised resident memory by {grown:N0} bytes");
        }
    }

    [Fact]
    public void Trim_returns_a_freed_block_to_the_kernel()
    {
        if (!PeakMemory.IsSupported) return;
        PeakMemory.Measure(() => { });
        const int size = 16 << 20;
        var block = Malloc(size);
        for (int at = 0; at < size; at += 4096) System.Runtime.InteropServices.Marshal.WriteByte(block, at, 1);
        double alive = PeakMemory.ResidentBytes();
        Free(block);                                   // below the mmap threshold: kept by the heap, still resident
        PeakMemory.Trim();
        double released = alive - PeakMemory.ResidentBytes();
        Assert.True(released > 15 << 20, $"after freeing 16 MiB and PeakMemory.Trim resident memory fell by {released:N0} bytes");
    }

    // Allocates, writes every page of and frees a block; returns how much resident memory grew while it was alive.
    static double Touch(int bytes)
    {
        double before = PeakMemory.ResidentBytes();
        var block = Malloc((nuint)bytes);
        try
        {
            for (int at = 0; at < bytes; at += 4096) System.Runtime.InteropServices.Marshal.WriteByte(block, at, 1);
            return PeakMemory.ResidentBytes() - before;
        }
        finally { Free(block); }
    }

    // Whether glibc served this block by mmap: the chunk's own header says so (bit IS_MMAPPED, 0x2, of the size word just
    // before the pointer), whatever other threads allocate meanwhile.
    static bool MallocMaps(nuint bytes)
    {
        var block = Malloc(bytes);
        try { return (System.Runtime.InteropServices.Marshal.ReadInt64(block, -8) & 2) != 0; }
        finally { Free(block); }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc")] static extern IntPtr Malloc(nuint size);
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "free")] static extern void Free(IntPtr block);
}
