using System.Diagnostics;
using System.Globalization;
using AttentionCourse.Efficient;
using AttentionCourse.Native;

namespace AttentionCourse.Benchmarks;

/// <summary>
/// Chapter 19's cost measurement: time and peak memory of naive, chunked and fused attention at d = 64 for n from 256
/// to 16,384, each (path, n) in a fresh child process so that one size's freed memory cannot hide the next one's peak.
/// Writes the CSV the chapter reads and prints the goal: at n = 16,384 chunked peak memory ≤ 5% of naive's and
/// chunked time ≤ 1.2 × fused's.
/// </summary>
static class EfficientAttention
{
    public const string DefaultOutput = "tests/AttentionCourse.Benchmarks/results/attention-cost.csv";
    static readonly long[] Lengths = [256, 512, 1024, 2048, 4096, 8192, 16384];

    /// <summary>
    /// Parent: runs every (path, n) in a child and writes the table. With <paramref name="only"/> (e.g. "chunked,fused")
    /// it re-measures those paths, keeps the other rows of the existing file, and says so in a comment line.
    /// </summary>
    public static int Measure(string output, string? only = null)
    {
        var rows = new List<CostRow>();
        var paths = only?.Split(',') ?? AttentionPaths.Names;
        var kept = only is null ? [] : CostTable.Read(output).Rows.Where(r => !paths.Contains(r.Path)).ToList();
        var keptComments = only is null ? [] : CostTable.Read(output).Comments;
        string loadBefore = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        foreach (var n in Lengths)
            foreach (var path in AttentionPaths.Names.Where(paths.Contains))
            {
                var f = RunChild(["efficient-one", path, n.ToString(CultureInfo.InvariantCulture)]);
                var row = new CostRow(path, n, f[0], f[1]);
                rows.Add(row);
                Console.WriteLine($"{path,-8} n = {n,6}: {row.Seconds * 1e3,10:F1} ms, peak +{row.PeakBytes / 1048576,8:F1} MiB");
            }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        if (only is not null)
        {
            rows = kept.Concat(rows).OrderBy(r => r.N).ThenBy(r => Array.IndexOf(AttentionPaths.Names, r.Path)).ToList();
            CostTable.Write(output, rows, keptComments.Append(
                $"re-measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, paths {only} only (the other rows are from the run above): " +
                $"efficient {output} {only}; load average before: {loadBefore}; after: " +
                (File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")));
            Console.WriteLine(CostTable.Goal(rows).Sentence);
            return 0;
        }
        // The goal's time ratio is timed again with the two paths in alternation in one process: the rows above come
        // from processes minutes apart, and a change in the machine's load between them would enter the ratio.
        long largest = Lengths[^1];
        var pair = RunChild(["efficient-pair", largest.ToString(CultureInfo.InvariantCulture)]);
        var separately = (chunked: rows.Single(r => r.Path == "chunked" && r.N == largest).Seconds,
                          fused: rows.Single(r => r.Path == "fused" && r.N == largest).Seconds);
        rows = rows.Select(r => r.N != largest ? r : r.Path switch
        {
            "chunked" => r with { Seconds = pair[0] },
            "fused" => r with { Seconds = pair[1] },
            _ => r,
        }).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"n = {largest}, in alternation: chunked {pair[0] * 1e3:F1} ms, fused {pair[1] * 1e3:F1} ms"));
        CostTable.Write(output, rows, [
            "made by: dotnet run -c Release --project tests/AttentionCourse.Benchmarks -- efficient",
            $"load average (1, 5, 15 min; /proc/loadavg) before: {loadBefore}; after: " +
            (File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a"),
            $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, torch threads {TorchSharp.torch.get_num_threads()}, " +
            $"{DateTime.UtcNow:yyyy-MM-dd}",
            "each (path, n) in a fresh process; q, k, v (1, 1, n, 64) float32; chunk 512; one warm-up call, then peak = VmHWM rise during the next call, " +
            "time = median of 3 further calls (naive: 1 from n = 8192)",
            string.Create(CultureInfo.InvariantCulture,
                $"except the times of chunked and fused at n = {largest}: medians of 7 calls each, timed in alternation in one process " +
                $"(in their own processes they took {separately.chunked:G4} s and {separately.fused:G4} s)")]);
        Console.WriteLine(CostTable.Goal(rows).Sentence);
        Console.WriteLine($"written to {output}");
        return 0;
    }

    /// <summary>Runs this program with <paramref name="arguments"/> in a fresh process; returns the numbers of its last line.</summary>
    static double[] RunChild(string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var line = child.StandardOutput.ReadToEnd().Trim().Split('\n')[^1];
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', arguments)} failed: {line}");
        return line.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>Child: times chunked and fused attention in alternation at one length and prints "chunked,fused" seconds.</summary>
    public static int Pair(long n)
    {
        TorchSharpNative.EnsureLoadable();
        var (chunked, fused) = CostTable.TimeInAlternation(n);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{chunked:G6},{fused:G6}"));
        return 0;
    }

    /// <summary>Child: measures one path at one length (and block size) and prints "seconds,peak_bytes".</summary>
    public static int One(string path, long n, long chunk_size = 512)
    {
        TorchSharpNative.EnsureLoadable();
        var row = CostTable.Measure(path, n, repeats: path == "naive" && n >= 8192 ? 1 : 3, chunk_size: chunk_size);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Seconds:G6},{row.PeakBytes:F0}"));
        return 0;
    }
}
