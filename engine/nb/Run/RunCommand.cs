using System.Diagnostics;
using System.Globalization;
using AttentionCourse.Notebooks.Ipynb;

namespace AttentionCourse.Notebooks.Cli.Run;

/// <summary>
/// <c>nb run</c>: executes notebooks headless, one child process each, and writes the executed
/// copies. A contract others script against: see README.md, "Running the course headless".
/// </summary>
static class RunCommand
{
    /// <summary>Time a cell may overrun its limit before its process is killed (it had no loop iteration to stop at).</summary>
    static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(10);

    sealed record Outcome(string Notebook, int Cells, double Seconds, string Status, int Severity);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        RunOptions options;
        try { options = RunOptions.Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"nb run: {e.Message}");
            return 2;
        }

        var outcomes = new List<Outcome>();
        var notebooks = new List<string>();
        foreach (var input in options.Inputs)
        {
            if (Directory.Exists(input))
                notebooks.AddRange(Directory.EnumerateFiles(input, "*.ipynb").Order(StringComparer.Ordinal));
            else if (File.Exists(input))
                notebooks.Add(input);
            else
            {
                Console.Error.WriteLine($"nb run: {input}: no such notebook or folder.");
                outcomes.Add(new Outcome(input, 0, 0, "input error", 2));
            }
        }

        for (var i = 0; i < notebooks.Count; i++)
            outcomes.Add(await RunOne(notebooks[i], $"[{i + 1}/{notebooks.Count}]", options));

        PrintSummary(outcomes);
        return outcomes.Count == 0 ? 0 : outcomes.Max(o => o.Severity);
    }

    static async Task<Outcome> RunOne(string source, string progress, RunOptions options)
    {
        var name = Path.GetFileName(source);
        NotebookDocument original;
        try { original = NotebookDocument.Load(source); }
        catch (NotebookFormatException e)
        {
            Console.Error.WriteLine($"nb run: {e.Message}");
            return new Outcome(name, 0, 0, "input error", 2);
        }

        var clock = Stopwatch.StartNew();
        var result = Path.Combine(Path.GetTempPath(), $"nb-{Environment.ProcessId}-{Guid.NewGuid():N}.ipynb");
        var (exit, finished, lastCell, stderrTail) = await Execute(source, result, options, name, progress, clock);
        var document = File.Exists(result) ? NotebookDocument.Load(result) : original;
        File.Delete(result);

        var failed = exit != 0;
        if (!finished)
        {
            // The worker died or was killed mid-cell: say so in that cell, and clear the cells after it.
            var cells = document.CodeCells;
            var killedForTime = exit == -1;
            foreach (var cell in cells.Where(c => c.Number >= lastCell))
            {
                if (cell.Number > lastCell) { document.SetOutputs(cell, null, []); continue; }
                var message = killedForTime
                    ? $"{name}, cell {cell.Number} did not finish within {options.Timeout.TotalSeconds:0.#} s and its process was stopped."
                    : $"{name}, cell {cell.Number}: the notebook's process ended (exit code {exit}) while running this cell, e.g. by a stack overflow.";
                var traceback = new List<string> { message };
                traceback.AddRange(stderrTail);
                document.SetOutputs(cell, null, [new ErrorOutput(killedForTime ? "TimeoutError" : "ProcessCrashed", message, traceback)]);
            }
            failed = true;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cellCount = original.CodeCells.Count;
        if (options.InPlace && failed && !options.AllowErrors)
        {
            Console.Error.WriteLine($"nb run: {name} failed; the source was left unchanged (use --allow-errors with --in-place to write a failed execution over it).");
            return new Outcome(name, cellCount, seconds, "failed (source kept)", 1);
        }
        var destination = options.InPlace ? source : Path.Combine(options.Output, name);
        document.Save(destination);
        return new Outcome(name, cellCount, seconds, failed ? "failed" : "ok", failed ? 1 : 0);
    }

    /// <summary>Runs the worker; returns its exit code (-1 when killed for time), whether it finished, the cell it was in, and its last stderr lines.</summary>
    static async Task<(int Exit, bool Finished, int LastCell, List<string> StderrTail)> Execute(
        string source, string result, RunOptions options, string name, string progress, Stopwatch clock)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            start.ArgumentList.Add(typeof(RunCommand).Assembly.Location);
        foreach (var a in new[] { NotebookWorker.Command, source, result, options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture), options.AllowErrors ? "allow-errors" : "stop-on-error" })
            start.ArgumentList.Add(a);

        using var worker = Process.Start(start)!;
        worker.StandardInput.Close();
        var lastCell = 0;
        var finished = false;
        var cellStarted = Stopwatch.StartNew();
        var tail = new Queue<string>();
        var errors = Task.Run(async () =>
        {
            while (await worker.StandardError.ReadLineAsync() is { } line)
            {
                Console.Error.WriteLine(line);
                lock (tail) { tail.Enqueue(line); if (tail.Count > 8) tail.Dequeue(); }
            }
        });
        var reader = Task.Run(async () =>
        {
            while (await worker.StandardOutput.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith(NotebookWorker.Prefix, StringComparison.Ordinal)) { Console.Error.WriteLine(line); continue; }
                var parts = line[NotebookWorker.Prefix.Length..].Split(' ');
                if (parts[0] == "done") { finished = true; continue; }
                lastCell = int.Parse(parts[1], CultureInfo.InvariantCulture);
                cellStarted.Restart();
                Console.WriteLine($"{progress} {name}: cell {parts[1]}/{parts[2]} ({clock.Elapsed.TotalSeconds:0.0} s)");
            }
        });

        var killed = false;
        while (!worker.HasExited)
        {
            if (lastCell > 0 && cellStarted.Elapsed > options.Timeout + KillGrace)
            {
                worker.Kill(entireProcessTree: true);
                killed = true;
                break;
            }
            await Task.WhenAny(worker.WaitForExitAsync(), Task.Delay(200));
        }
        await worker.WaitForExitAsync();
        await Task.WhenAll(reader, errors);
        List<string> stderrTail;
        lock (tail) stderrTail = tail.ToList();
        return (killed ? -1 : worker.ExitCode, finished, lastCell, stderrTail);
    }

    static void PrintSummary(IReadOnlyList<Outcome> outcomes)
    {
        if (outcomes.Count == 0) return;
        var width = Math.Max(8, outcomes.Max(o => o.Notebook.Length));
        Console.WriteLine();
        Console.WriteLine($"{"notebook".PadRight(width)}  cells  seconds  status");
        foreach (var o in outcomes)
            Console.WriteLine($"{o.Notebook.PadRight(width)}  {o.Cells,5}  {o.Seconds,7:0.0}  {o.Status}");
    }
}
