using AttentionCourse.TestSupport;
using System.Diagnostics;
using AttentionCourse.Notebooks;

namespace AttentionCourse.Benchmarks;

/// <summary>
/// The notebook engine's per-cell overhead: one-statement cells through the scripting session (parse, interrupt
/// instrumentation, compile, run, result) against the same statement compiled ahead. Not a BenchmarkDotNet benchmark:
/// every cell adds a submission to the session, so a cell's cost depends on how many ran before it, and
/// BenchmarkDotNet's thousands of invocations measured a session no notebook reaches (it ran out of memory after
/// about 2,600 cells). This times the cells of one session in order and reports them by position, with the memory.
/// </summary>
static class EngineCells
{
    public static void Measure(int cells = 400, int window = 50)
    {
        var console = Console.Out;                                             // the session captures Console while it lives
        using var session = new NotebookSession(Path.GetTempPath(), "benchmark.ipynb");
        session.ExecuteAsync("var counter = 0;", "cell 1").GetAwaiter().GetResult();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var milliseconds = new double[cells];
        for (int i = 0; i < cells; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = session.ExecuteAsync("counter++;", $"cell {i + 2}").GetAwaiter().GetResult();
            milliseconds[i] = clock.Elapsed.TotalMilliseconds;
            if (result.Status != CellStatus.Ok) throw new InvalidOperationException($"cell {i + 2} failed");
        }
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        for (int start = 0; start < cells; start += window)
        {
            var part = milliseconds[start..Math.Min(cells, start + window)];
            console.WriteLine($"cells {start + 2,4}-{start + part.Length + 1,4}: median {AttentionCourse.Cost.Timing.Median(part),6:F1} ms per cell");
        }
        console.WriteLine($"managed heap after {cells} cells: +{(heapAfter - heapBefore) / 1e6:F0} MB ({(heapAfter - heapBefore) / 1e3 / cells:F0} kB per cell); " +
                          $"working set {Environment.WorkingSet / 1e6:F0} MB");
        console.WriteLine($"the same statement compiled ahead: {CompiledNanoseconds():F1} ns");
    }

    static double CompiledNanoseconds()
    {
        const int n = 100_000_000;
        int counter = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < n; i++) counter = Increment(counter);
        return clock.Elapsed.TotalMilliseconds * 1e6 / n + (counter == n ? 0 : double.NaN);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static int Increment(int value) => value + 1;
}

/// <summary>
/// Warm start: wall time of <c>nb run</c> on a one-cell notebook (runner process, worker process,
/// first compilation, first execution, atomic write), after one untimed run warms the disk cache.
/// </summary>
static class WarmStart
{
    public static void Measure(int repeats = 7)
    {
        var nb = Path.Combine(AppContext.BaseDirectory, "nb.dll");
        if (!File.Exists(nb)) nb = FindNb();
        var dir = Directory.CreateTempSubdirectory("warm-start-").FullName;
        var notebook = Path.Combine(dir, "one.ipynb");
        File.WriteAllText(notebook, """
            {"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "6 * 7"}],
             "metadata": {"kernelspec": {"name": ".net-csharp"}}, "nbformat": 4, "nbformat_minor": 5}
            """);
        var times = new List<double>();
        for (var i = 0; i <= repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            if (Processes.Run("dotnet", [nb, "run", notebook, "--output", Path.Combine(dir, "out")]).Exit != 0)
                throw new InvalidOperationException("nb run failed");
            if (i > 0) times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        Console.WriteLine($"Warm start, nb run of a one-cell notebook ({repeats} runs): median {times[times.Count / 2]:F2} s, min {times[0]:F2} s, max {times[^1]:F2} s");
    }

    static string FindNb()
    {
        var found = Directory.EnumerateFiles(Repository.Path("engine", "nb", "bin"), "nb.dll", SearchOption.AllDirectories).FirstOrDefault();
        return found ?? throw new FileNotFoundException("Build engine/nb first: dotnet build engine/nb -c Release");
    }
}
