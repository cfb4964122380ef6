using System.Globalization;
using System.Text;
using AttentionCourse.Notebooks.Ipynb;

namespace AttentionCourse.Notebooks.Cli.Run;

/// <summary>
/// Executes one notebook in its own process, so a notebook that crashes it (a stack overflow, say)
/// cannot take the others' results with it. Saves the executed notebook to the result file after
/// every cell, atomically, so a crash keeps what ran before it.
/// </summary>
/// <remarks>
/// Talks to <see cref="RunCommand"/> through lines on its real standard output:
/// <c>@@nb-KEY cell N TOTAL</c> (compiling), <c>@@nb-KEY running N</c> (compiled, the code runs),
/// <c>@@nb-KEY progress TEXT</c>, <c>@@nb-KEY done STATUS</c>. KEY is a
/// random value the runner sends as the first line of the worker's standard input, so a cell that
/// writes to the raw standard output cannot forge a message; the runner also validates every field.
/// The runner keeps that input open: when it closes (the runner ended, even by SIGKILL), the worker
/// deletes its result file and exits, so it never outlives the runner.
/// </remarks>
static class NotebookWorker
{
    public const string Command = "__execute-notebook";

    /// <summary>How often the latest in-place progress line of a running cell is sent (NB_PROGRESS_SECONDS, default 10).</summary>
    static TimeSpan ProgressEvery =>
        double.TryParse(Environment.GetEnvironmentVariable("NB_PROGRESS_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.FromSeconds(10);

    /// <summary>The protocol prefix for <paramref name="key"/>.</summary>
    public static string Prefix(string key) => $"@@nb-{key} ";

    /// <summary>Arguments: notebook, result path, timeout seconds, "allow-errors" or "stop-on-error".</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var (source, result) = (args[0], args[1]);
        var timeout = TimeSpan.FromSeconds(double.Parse(args[2], CultureInfo.InvariantCulture));
        var allowErrors = args[3] == "allow-errors";
        var input = new StreamReader(Console.OpenStandardInput());
        var key = input.ReadLine() ?? "";
        WatchRunner(input, result);

        var raw = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var gate = new Lock();
        var prefix = Prefix(key);
        void Send(string message)
        {
            lock (gate) raw.Write("\n" + prefix + message + "\n");
        }

        var document = NotebookDocument.Load(source);
        var name = Path.GetFileName(source);
        using var session = new NotebookSession(Path.GetDirectoryName(Path.GetFullPath(source))!, name);
        var progress = new ProgressTracker();
        var running = 0;
        // The runner's kill clock starts when the code runs: compiling a cell can take seconds on a loaded machine.
        session.CodeStarting += () => Send($"running {running}");
        using var timer = new Timer(_ =>
        {
            if (progress.TakeChanged() is { } text) Send($"progress {text}");
        }, null, ProgressEvery, ProgressEvery);

        var cells = document.CodeCells;
        var failed = false;
        foreach (var cell in cells)
        {
            if (failed && !allowErrors)
            {
                document.SetOutputs(cell, null, []);
                continue;
            }
            Send($"cell {cell.Number} {cells.Count}");
            running = cell.Number;
            progress.Reset();
            if (!IsCSharp(cell.Language))
            {
                var message = $"{name}, cell {cell.Number}, line 1: the cell language '{cell.Language}' is not supported. Course notebooks contain C# cells only, so they run the same in every front end.";
                document.SetOutputs(cell, null, [new ErrorOutput("UnsupportedCell", message, [message])]);
                failed = true;
            }
            else if (string.IsNullOrWhiteSpace(cell.Source))
            {
                document.SetOutputs(cell, null, []);
            }
            else
            {
                var outcome = await session.ExecuteAsync(cell.Source, $"cell {cell.Number}", progress.Observe, timeout: timeout);
                document.SetOutputs(cell, outcome.ExecutionCount, outcome.Outputs);
                failed |= outcome.Status != CellStatus.Ok;
            }
            progress.Reset();
            document.Save(result);
        }
        document.Save(result);
        Send($"done {(failed ? "failed" : "ok")}");
        return failed ? 1 : 0;
    }

    /// <summary>Exits (removing the result file) when the runner closes this process's standard input.</summary>
    static void WatchRunner(StreamReader input, string result)
    {
        var watcher = new Thread(() =>
        {
            try { while (input.ReadLine() is not null) { } }
            catch (IOException) { }
            TemporaryFiles.Delete(result);
            Environment.Exit(3);
        }) { IsBackground = true, Name = "runner-watch" };
        watcher.Start();
    }

    static bool IsCSharp(string language) => language.ToLowerInvariant() is "csharp" or "c#" or "cs";

    /// <summary>The line a running cell is rewriting in place with <c>"\r"</c>, if any.</summary>
    sealed class ProgressTracker
    {
        readonly Lock _gate = new();
        readonly StringBuilder _line = new();
        bool _inPlace, _changed;

        public void Observe(CellOutput output)
        {
            if (output is not StreamOutput { Name: "stdout" } s) return;
            lock (_gate)
            {
                var text = s.Text.Replace("\r\n", "\n", StringComparison.Ordinal);
                foreach (var c in text)
                {
                    switch (c)
                    {
                        case '\n': _line.Clear(); _inPlace = false; break;
                        case '\r': _line.Clear(); _inPlace = true; break;
                        default: if (_line.Length < 300) _line.Append(c); break;
                    }
                }
                _changed |= _inPlace;
            }
        }

        /// <summary>The current in-place line when it changed since the last call, else null.</summary>
        public string? TakeChanged()
        {
            lock (_gate)
            {
                if (!_changed || !_inPlace || _line.Length == 0) return null;
                _changed = false;
                return new string(_line.ToString().Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
            }
        }

        public void Reset()
        {
            lock (_gate) { _line.Clear(); _inPlace = _changed = false; }
        }
    }
}

/// <summary>Deletes the runner's temporary result files.</summary>
static class TemporaryFiles
{
    /// <summary>Deletes <paramref name="result"/> and the atomic-save temporaries beside it (<c>result.PID.tmp</c>).</summary>
    public static void Delete(string result)
    {
        try
        {
            File.Delete(result);
            var folder = Path.GetDirectoryName(result)!;
            foreach (var temp in Directory.EnumerateFiles(folder, Path.GetFileName(result) + ".*.tmp")) File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
