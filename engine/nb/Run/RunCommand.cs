using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
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

    /// <summary>Traceback lines of one error shown on the console; the executed copy keeps them all.</summary>
    const int ConsoleTracebackLines = 15;

    /// <summary>Cancelled by SIGTERM, SIGINT, SIGHUP or SIGQUIT: the running worker is stopped and temporary files removed.</summary>
    static readonly CancellationTokenSource Stopping = new();
    static int _signal;

    sealed record Outcome(string Notebook, int Cells, double Seconds, string Status, int Severity, string FirstError = "");

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        RunOptions options;
        try { options = RunOptions.Parse(args); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"nb run: {e.Message}");
            return 2;
        }

        var registrations = new List<PosixSignalRegistration>();
        foreach (var (signal, number) in new[] { (PosixSignal.SIGTERM, 15), (PosixSignal.SIGINT, 2), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGQUIT, 3) })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // exit through the code below, which stops the worker and cleans up
                Interlocked.CompareExchange(ref _signal, number, 0);
                Stopping.Cancel();
            }));
        }
        try
        {
            return await RunAll(options);
        }
        finally
        {
            foreach (var r in registrations) r.Dispose();
        }
    }

    static async Task<int> RunAll(RunOptions options)
    {
        var outcomes = new List<Outcome>();
        var notebooks = new List<string>();
        foreach (var input in options.Inputs)
        {
            if (Directory.Exists(input))
            {
                var found = Directory.EnumerateFiles(input, "*.ipynb").Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    Console.Error.WriteLine($"nb run: {input}: a folder with no notebooks (*.ipynb) in it.");
                    outcomes.Add(new Outcome(input, 0, 0, "input error", 2));
                }
                notebooks.AddRange(found);
            }
            else if (File.Exists(input))
                notebooks.Add(input);
            else
            {
                Console.Error.WriteLine($"nb run: {input}: no such notebook or folder.");
                outcomes.Add(new Outcome(input, 0, 0, "input error", 2));
            }
        }

        if (!options.InPlace)
        {
            // Executed copies are named after their sources: two sources with one name would overwrite each other.
            var clashes = notebooks.GroupBy(Path.GetFileName, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
            foreach (var clash in clashes)
                Console.Error.WriteLine($"nb run: {string.Join(" and ", clash)} have the same name and would overwrite each other in {options.Output}; run them with separate --output folders.");
            if (clashes.Count > 0) return 2;
            if (CheckOutputFolder(options.Output) is { } problem)
            {
                Console.Error.WriteLine($"nb run: {problem}");
                return 2;
            }
        }

        for (var i = 0; i < notebooks.Count && !Stopping.IsCancellationRequested; i++)
            outcomes.Add(await RunOne(notebooks[i], $"[{i + 1}/{notebooks.Count}]", options));

        PrintSummary(outcomes);
        if (Stopping.IsCancellationRequested)
        {
            Console.Error.WriteLine($"nb run: stopped by signal {_signal}; the running notebook's worker was stopped and its temporary files removed.");
            return 128 + _signal;
        }
        return outcomes.Count == 0 ? 0 : outcomes.Max(o => o.Severity);
    }

    /// <summary>Null when executed copies can be written to <paramref name="output"/>, else why not (one line).</summary>
    static string? CheckOutputFolder(string output)
    {
        if (File.Exists(output)) return $"--output {output}: is a file, not a folder.";
        try
        {
            Directory.CreateDirectory(output);
            var probe = Path.Combine(output, $".nb-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return $"--output {output}: cannot write there: {e.Message.ReplaceLineEndings(" ")}";
        }
    }

    static async Task<Outcome> RunOne(string source, string progress, RunOptions options)
    {
        var name = Path.GetFileName(source);
        if (!FileKind.IsRegularFile(source))
        {
            Console.Error.WriteLine($"nb run: {source}: not a regular file (a FIFO, device or socket?); give a notebook file.");
            return new Outcome(name, 0, 0, "input error", 2);
        }
        NotebookDocument original;
        try { original = NotebookDocument.Load(source); }
        catch (NotebookFormatException e)
        {
            Console.Error.WriteLine($"nb run: {e.Message}");
            return new Outcome(name, 0, 0, "input error", 2);
        }

        var clock = Stopwatch.StartNew();
        var result = Path.Combine(Path.GetTempPath(), $"nb-{Environment.ProcessId}-{Guid.NewGuid():N}.ipynb");
        NotebookDocument document;
        (int Exit, bool Finished, int LastCell, List<string> StderrTail) run;
        try
        {
            run = await Execute(source, result, options, name, progress, clock);
            document = original;
            if (File.Exists(result))
            {
                try { document = NotebookDocument.Load(result); }
                catch (NotebookFormatException) { run = run with { Finished = false }; }
            }
        }
        finally
        {
            TemporaryFiles.Delete(result);
        }
        if (Stopping.IsCancellationRequested)
            return new Outcome(name, original.CodeCells.Count, clock.Elapsed.TotalSeconds, "stopped", 1);

        var (exit, finished, lastCell, stderrTail) = run;
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

        var firstError = ReportErrors(name, document);
        var seconds = clock.Elapsed.TotalSeconds;
        var cellCount = original.CodeCells.Count;
        if (options.InPlace && failed && !options.AllowErrors)
        {
            Console.Error.WriteLine($"nb run: {name} failed; the source was left unchanged (use --allow-errors with --in-place to write a failed execution over it).");
            return new Outcome(name, cellCount, seconds, "failed (source kept)", 1, firstError);
        }
        // --in-place on a symlink writes through to the file it points at, and keeps the link.
        var destination = options.InPlace
            ? (File.ResolveLinkTarget(source, returnFinalTarget: true)?.FullName ?? source)
            : Path.Combine(options.Output, name);
        try { document.Save(destination); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"nb run: {destination}: cannot write the executed notebook: {e.Message.ReplaceLineEndings(" ")}");
            return new Outcome(name, cellCount, seconds, "write error", 2, firstError);
        }
        return new Outcome(name, cellCount, seconds, failed ? "failed" : "ok", failed ? 1 : 0, firstError);
    }

    /// <summary>
    /// Prints every error of the executed notebook: where (notebook, cell, line), the error's name and
    /// message, and the first lines of its traceback. Returns the first error in one line for the summary.
    /// </summary>
    static string ReportErrors(string name, NotebookDocument document)
    {
        var first = "";
        foreach (var (cell, error) in document.Errors())
        {
            var lines = ErrorLines(name, cell.Number, error);
            if (first.Length == 0)
            {
                first = lines[0].StartsWith(name + ", ", StringComparison.Ordinal) ? lines[0][(name.Length + 2)..] : lines[0];
                if (first.Length > 120) first = first[..117] + "...";
            }
            Console.WriteLine();
            foreach (var line in lines.Take(ConsoleTracebackLines)) Console.WriteLine(line);
            if (lines.Count > ConsoleTracebackLines)
                Console.WriteLine($"   ... {lines.Count - ConsoleTracebackLines} more lines in the executed notebook");
        }
        return first;
    }

    static List<string> ErrorLines(string name, int cell, ErrorOutput error)
    {
        var traceback = error.Traceback.SelectMany(t => t.Split('\n')).Select(t => t.TrimEnd()).Where(t => t.Length > 0).ToList();
        switch (error.EName)
        {
            case "CompilationError":
                return traceback; // one "notebook, cell N, line L, column C: error CSxxxx: ..." per diagnostic
            case "UnsupportedCell" or "TimeoutError" or "ProcessCrashed" or "KeyboardInterrupt":
                var message = error.EValue.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
                return [.. message, .. traceback.Skip(1).Where(t => !message.Contains(t))];
        }
        // An exception: the first frame in the notebook's own cell gives the line.
        var marker = $"at {name} cell {cell}, line ";
        var line = traceback.Select(t => t.Trim()).FirstOrDefault(t => t.StartsWith(marker, StringComparison.Ordinal));
        var where = line is null ? $"{name}, cell {cell}" : $"{name}, cell {cell}, line {line[marker.Length..]}";
        var evalue = error.EValue.ReplaceLineEndings(" ");
        return [$"{where}: {error.EName}: {evalue}", .. traceback.Skip(1)];
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

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var prefix = NotebookWorker.Prefix(key);
        using var worker = Process.Start(start)!;
        // The key goes through stdin, never the command line; stdin stays open so the worker notices when this process ends.
        await worker.StandardInput.WriteLineAsync(key);
        await worker.StandardInput.FlushAsync();
        var lastCell = 0;
        var cellCount = 0;
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
                var at = line.IndexOf(prefix, StringComparison.Ordinal);
                if (at < 0)
                {
                    if (line.Length > 0) Console.Error.WriteLine(line); // a cell wrote to the raw standard output
                    continue;
                }
                var message = line[(at + prefix.Length)..];
                var parts = message.Split(' ', 2);
                switch (parts)
                {
                    case ["done", _]:
                        finished = true;
                        break;
                    case ["cell", var numbers] when numbers.Split(' ') is [var n, var total]
                        && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var cell)
                        && int.TryParse(total, NumberStyles.None, CultureInfo.InvariantCulture, out var count):
                        lastCell = cell;
                        cellCount = count;
                        cellStarted.Restart();
                        Console.WriteLine($"{progress} {name}: cell {cell}/{count} ({clock.Elapsed.TotalSeconds:0.0} s)");
                        break;
                    case ["running", var n] when int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var running) && running == lastCell:
                        cellStarted.Restart();
                        break;
                    case ["progress", var text]:
                        Console.WriteLine($"{progress} {name}: cell {lastCell}/{cellCount} ({clock.Elapsed.TotalSeconds:0.0} s) {text}");
                        break;
                    default:
                        Console.Error.WriteLine($"nb run: ignored a malformed message from the worker: {message}");
                        break;
                }
            }
        });

        var killed = false;
        while (!worker.HasExited)
        {
            if (Stopping.IsCancellationRequested || (lastCell > 0 && cellStarted.Elapsed > options.Timeout + KillGrace))
            {
                try { worker.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { /* it exited meanwhile */ }
                killed = true;
                break;
            }
            await Task.WhenAny(worker.WaitForExitAsync(), Task.Delay(200));
        }
        await worker.WaitForExitAsync();
        await Task.WhenAll(reader, errors);
        try { worker.StandardInput.Close(); } catch (IOException) { }
        List<string> stderrTail;
        lock (tail) stderrTail = tail.ToList();
        return (killed ? -1 : worker.ExitCode, finished, lastCell, stderrTail);
    }

    static void PrintSummary(IReadOnlyList<Outcome> outcomes)
    {
        if (outcomes.Count == 0) return;
        var width = Math.Max(8, outcomes.Max(o => o.Notebook.Length));
        var statusWidth = Math.Max(6, outcomes.Max(o => o.Status.Length));
        Console.WriteLine();
        Console.WriteLine($"{"notebook".PadRight(width)}  cells  seconds  {"status".PadRight(statusWidth)}  first error");
        foreach (var o in outcomes)
            Console.WriteLine($"{o.Notebook.PadRight(width)}  {o.Cells,5}  {o.Seconds,7:0.0}  {o.Status.PadRight(statusWidth)}  {o.FirstError}".TrimEnd());
    }
}
