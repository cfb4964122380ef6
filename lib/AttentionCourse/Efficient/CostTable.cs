using System.Globalization;

namespace AttentionCourse.Efficient;

/// <summary>One measured point: a path's median time and peak added memory at one length.</summary>
/// <param name="Path">"naive", "chunked" or "fused".</param>
/// <param name="N">Sequence length (T = S = n).</param>
/// <param name="Seconds">Median wall seconds of one call.</param>
/// <param name="PeakBytes">Peak resident memory the call added (bytes).</param>
public sealed record CostRow(string Path, long N, double Seconds, double PeakBytes);

/// <summary>
/// Measures and stores the time and peak memory of the attention paths (the benchmarks write the large sizes to a CSV
/// that chapter 19 reads; lines starting with # hold the command and the machine). Used in chapter 19.
/// </summary>
public static class CostTable
{
    /// <summary>
    /// Measures one path at length n in this process: q, k, v of shape (1, 1, n, d) are made first, one warm-up call runs,
    /// the next call is measured for peak memory (<see cref="PeakMemory"/>, whose allocator setting maps every large
    /// block) and the next <paramref name="repeats"/> for the median time, with the allocator as it normally is (under
    /// the measuring setting each large allocation costs a fresh mapping, which would slow the path that allocates most).
    /// </summary>
    /// <param name="path">"naive", "chunked" or "fused".</param>
    /// <param name="n">Length.</param>
    /// <param name="d">Head width; default 64.</param>
    /// <param name="repeats">Timed calls after the first; default 3.</param>
    /// <param name="chunk_size">Keys per block of the chunked path; default 512.</param>
    /// <param name="query_chunk_size">Queries per block of the chunked path; 0 (the default): as many as keys.</param>
    public static CostRow Measure(string path, long n, long d = 64, int repeats = 3, long chunk_size = 512,
        long query_chunk_size = 0)
    {
        var exact = PeakMemory.Exact();                           // glibc maps large blocks before any tensor exists
        using var scope = TorchSharp.torch.NewDisposeScope();
        var (q, k, v) = Inputs(n, d);
        var once = Call(path, q, k, v, chunk_size, query_chunk_size);
        once();                                                   // first call: lazy one-time allocations (threads, buffers)
        var first = PeakMemory.Measure(once);
        exact.Dispose();                                          // time with the allocator's usual setting
        return new CostRow(path, n, repeats > 0 ? Cost.Timing.MedianSeconds(once, repeats, warmup: 0) : first.Seconds,
            first.PeakBytes);
    }

    /// <summary>
    /// The chunked and fused paths timed in alternation at length n in this process (chunked, fused, chunked, ...), so that
    /// a change in the machine's load slows both alike: the fair way to time a ratio on a shared machine.
    /// </summary>
    /// <param name="n">Length.</param>
    /// <param name="pairs">Timed calls of each; default 7.</param>
    /// <param name="d">Head width; default 64.</param>
    /// <param name="chunk_size">Keys per block of the chunked path; default 512.</param>
    /// <param name="query_chunk_size">Queries per block of the chunked path; 0 (the default): as many as keys.</param>
    /// <returns>The median seconds of one chunked call and of one fused call.</returns>
    public static (double Chunked, double Fused) TimeInAlternation(long n, int pairs = 7, long d = 64, long chunk_size = 512,
        long query_chunk_size = 0)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var (q, k, v) = Inputs(n, d);
        return Cost.Timing.MedianSeconds(Call("chunked", q, k, v, chunk_size, query_chunk_size),
            Call("fused", q, k, v, chunk_size, query_chunk_size), repeats: pairs, warmup: 1);
    }

    /// <summary>q, k, v of shape (1, 1, n, d), the same numbers for every path (generator seed 0).</summary>
    static (TorchSharp.torch.Tensor q, TorchSharp.torch.Tensor k, TorchSharp.torch.Tensor v) Inputs(long n, long d)
    {
        var generator = new TorchSharp.torch.Generator(0);
        return (TorchSharp.torch.randn([1, 1, n, d], generator: generator),
                TorchSharp.torch.randn([1, 1, n, d], generator: generator),
                TorchSharp.torch.randn([1, 1, n, d], generator: generator));
    }

    /// <summary>One call of a path that frees what it allocates.</summary>
    static Action Call(string path, TorchSharp.torch.Tensor q, TorchSharp.torch.Tensor k, TorchSharp.torch.Tensor v,
        long chunk_size, long query_chunk_size) => () =>
    {
        using var inner = TorchSharp.torch.NewDisposeScope();
        AttentionPaths.Run(path, q, k, v, chunk_size, query_chunk_size);
    };

    /// <summary>Writes rows as CSV (path,n,seconds,peak_bytes) after comment lines.</summary>
    /// <param name="file">Destination.</param>
    /// <param name="rows">The measurements.</param>
    /// <param name="comments">Lines written first, each prefixed with "# ".</param>
    public static void Write(string file, IEnumerable<CostRow> rows, IEnumerable<string> comments)
    {
        var lines = comments.Select(c => "# " + c).Append("path,n,seconds,peak_bytes")
            .Concat(rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Path},{r.N},{r.Seconds:G6},{r.PeakBytes:F0}")));
        File.WriteAllLines(file, lines);
    }

    /// <summary>Reads a file written by <see cref="Write"/>: the rows, and the comment lines without their "# ".</summary>
    /// <param name="file">The CSV.</param>
    public static (List<CostRow> Rows, List<string> Comments) Read(string file)
    {
        var lines = File.ReadAllLines(file);
        var comments = lines.Where(l => l.StartsWith('#')).Select(l => l[1..].Trim()).ToList();
        var rows = lines.Where(l => !l.StartsWith('#') && l.Length > 0).Skip(1).Select(l => l.Split(','))
            .Select(f => new CostRow(f[0], long.Parse(f[1], CultureInfo.InvariantCulture),
                double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture))).ToList();
        return (rows, comments);
    }

    /// <summary>
    /// The chapter's goal at the largest n: chunked peak memory ≤ 5% of naive's and chunked time ≤ 1.2 × fused's.
    /// </summary>
    /// <param name="rows">Measurements that include all three paths at the largest n.</param>
    /// <returns>The two ratios, whether each goal is met, and one sentence.</returns>
    public static (double MemoryRatio, double TimeRatio, bool MemoryMet, bool TimeMet, string Sentence) Goal(IReadOnlyList<CostRow> rows)
    {
        long n = rows.Max(r => r.N);
        CostRow At(string p) => rows.Single(r => r.Path == p && r.N == n);
        double memory = At("chunked").PeakBytes / At("naive").PeakBytes, time = At("chunked").Seconds / At("fused").Seconds;
        bool memoryMet = memory <= 0.05, timeMet = time <= 1.2;
        var sentence = string.Create(CultureInfo.InvariantCulture,
            $"At n = {n:N0}: chunked peak memory is {memory:P1} of naive's (goal <= 5%: {(memoryMet ? "met" : $"missed by {memory / 0.05:F1}x")}); " +
            $"chunked time is {time:F2}x fused's (goal <= 1.2x: {(timeMet ? "met" : $"missed by {time / 1.2:F2}x")}).");
        return (memory, time, memoryMet, timeMet, sentence);
    }
}
