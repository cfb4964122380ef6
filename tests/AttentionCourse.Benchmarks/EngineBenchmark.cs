using System.Diagnostics;
using AttentionCourse.Notebooks;
using BenchmarkDotNet.Attributes;

namespace AttentionCourse.Benchmarks;

/// <summary>
/// The notebook engine's per-cell overhead: a one-statement cell through the scripting session
/// (parse, interrupt instrumentation, compile, run, result) against the same statement compiled ahead.
/// </summary>
[MemoryDiagnoser]
public class EngineCellBenchmark
{
    NotebookSession _session = null!;
    int _counter;

    [GlobalSetup]
    public void Setup()
    {
        _session = new NotebookSession(Path.GetTempPath(), "benchmark.ipynb");
        _session.ExecuteAsync("var counter = 0;", "cell 1").GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark(Description = "cell through the engine")]
    public CellResult Cell() => _session.ExecuteAsync("counter++;", "cell").GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "same statement, compiled")]
    public int Compiled() => _counter++;
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
            var start = new ProcessStartInfo("dotnet", [nb, "run", notebook, "--output", Path.Combine(dir, "out")]) { RedirectStandardOutput = true };
            using var p = Process.Start(start)!;
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException("nb run failed");
            if (i > 0) times.Add(clock.Elapsed.TotalSeconds);
        }
        times.Sort();
        Console.WriteLine($"Warm start, nb run of a one-cell notebook ({repeats} runs): median {times[times.Count / 2]:F2} s, min {times[0]:F2} s, max {times[^1]:F2} s");
    }

    static string FindNb()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "course.sln"))) dir = dir.Parent;
        var found = Directory.EnumerateFiles(Path.Combine(dir!.FullName, "engine", "nb", "bin"), "nb.dll", SearchOption.AllDirectories).FirstOrDefault();
        return found ?? throw new FileNotFoundException("Build engine/nb first: dotnet build engine/nb -c Release");
    }
}
