using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive.Formatting;

namespace AttentionCourse.Notebooks;

/// <summary>
/// One C# scripting session, as .NET Interactive's C# kernel runs a notebook: cells run in order,
/// state carries from cell to cell, and after an exception what earlier cells defined stays usable.
/// Shared by the headless runner and the Jupyter kernel, so both behave the same.
/// One session per process: it owns the process's console and current directory.
/// </summary>
public sealed class NotebookSession : IDisposable
{
    /// <summary>Imports every cell gets, as in .NET Interactive's C# kernel (System.IO is not among them).</summary>
    public static readonly IReadOnlyList<string> DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, kind: SourceCodeKind.Script);
    static readonly MethodInfo? HasReturnValue = typeof(Script).GetMethod("HasReturnValue", BindingFlags.Instance | BindingFlags.NonPublic);

    readonly string _notebookName;
    readonly ScriptGlobals _globals = new();
    readonly AssemblyReferences _assemblies = new();
    readonly NuGetRestorer _nuget = new();
    readonly Dictionary<string, PackageRequest> _packages = new(StringComparer.OrdinalIgnoreCase);
    readonly List<string> _sources = [];
    readonly TextWriter _originalOut = Console.Out, _originalError = Console.Error;
    readonly TextReader _originalIn = Console.In;
    ScriptOptions _options;
    ScriptState<object?>? _state;
    Action<CellOutput>? _emit;

    /// <summary>Starts a session whose relative paths resolve against <paramref name="workingDirectory"/>.</summary>
    /// <param name="workingDirectory">The notebook's folder; becomes the process's current directory.</param>
    /// <param name="notebookName">Used in error messages and stack traces, e.g. <c>01-weighted-average.ipynb</c>.</param>
    public NotebookSession(string workingDirectory, string notebookName = "notebook")
    {
        _notebookName = notebookName;
        WorkingDirectory = Path.GetFullPath(workingDirectory);
        Directory.SetCurrentDirectory(WorkingDirectory);
        Console.SetOut(new ConsoleCapture("stdout", () => _emit));
        Console.SetError(new ConsoleCapture("stderr", () => _emit));
        Console.SetIn(TextReader.Null);
        _options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithImports(DefaultImports)
            .WithReferences(FrameworkReferences())
            .AddReferences(typeof(NotebookSession).Assembly, typeof(Formatter).Assembly, typeof(Microsoft.AspNetCore.Html.HtmlString).Assembly)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8);
    }

    /// <summary>Raised when a cell's code starts running, after it compiled (and after its time limit started).</summary>
    public event Action? CodeStarting;

    /// <summary>The folder relative paths resolve against.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Executions so far that stored history (the next such cell's execution_count is this plus one).</summary>
    public int ExecutionCount { get; private set; }

    /// <summary>
    /// Runs one cell. Outputs are passed to <paramref name="onOutput"/> as they happen (console
    /// text, displays) and returned in order. Cancelling <paramref name="cancel"/> stops the cell at
    /// its next loop iteration and returns <see cref="CellStatus.Cancelled"/>; <paramref name="timeout"/>
    /// does the same and returns <see cref="CellStatus.Timeout"/>.
    /// </summary>
    /// <param name="code">The cell's source.</param>
    /// <param name="cellLabel">How errors name the cell, e.g. "cell 3".</param>
    /// <param name="onOutput">Receives each output as it happens.</param>
    /// <param name="cancel">Interrupts the cell.</param>
    /// <param name="timeout">The cell's time limit; none when null.</param>
    /// <param name="storeHistory">
    /// Whether this execution takes the next execution count (Jupyter's <c>store_history</c>); a silent
    /// execution from a front end runs without advancing it. The session's count is the only one:
    /// the kernel reads it rather than keeping its own.
    /// </param>
    public async Task<CellResult> ExecuteAsync(string code, string cellLabel, Action<CellOutput>? onOutput = null, CancellationToken cancel = default,
        TimeSpan? timeout = null, bool storeHistory = true)
    {
        var count = storeHistory ? ++ExecutionCount : ExecutionCount;
        var where = $"{_notebookName}, {cellLabel}";
        var outputs = new List<CellOutput>();
        void Emit(CellOutput output)
        {
            lock (outputs) outputs.Add(output);
            onOutput?.Invoke(output);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var status = CellStatus.Ok;
        _emit = Emit;
        // The course library (and any code) observes interrupts through this process-wide token,
        // without depending on the engine: it polls AppContext.GetData(CellCancellationKey).
        AppContext.SetData(CellCancellationKey, stop.Token);
        using var running = new CancellationTokenSource();
        using var watch = stop.Token.Register(() => WarnIfStillRunning(where, Emit, running.Token));
        try
        {
            using var routed = Display.Route(Emit);
            using var armed = Interrupt.Arm(stop);
            var directives = CellDirectives.Parse(code, where);
            Reference(directives, where);
            status = await Task.Run(() => Run(directives.Code, cellLabel, where, Emit, stop, timeout), CancellationToken.None);
        }
        catch (UnsupportedCellException e)
        {
            Emit(new ErrorOutput("UnsupportedCell", e.Message, [e.Message]));
            status = CellStatus.Error;
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            // A referenced assembly that passed the checks but does not load: a cell error, never the worker's end.
            var message = $"{where}: a referenced assembly does not load: {e.Message}";
            Emit(new ErrorOutput(e.GetType().FullName ?? e.GetType().Name, message, [message]));
            status = CellStatus.Error;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            status = cancel.IsCancellationRequested ? CellStatus.Cancelled : CellStatus.Timeout;
        }
        finally
        {
            running.Cancel();
            AppContext.SetData(CellCancellationKey, CancellationToken.None);
            _emit = null;
        }
        if (status is CellStatus.Cancelled or CellStatus.Timeout)
            Emit(CellErrors.Stopped(where, status == CellStatus.Timeout, timeout));
        lock (outputs) return new CellResult(status, count, outputs.ToList());
    }

    /// <summary>
    /// The AppContext key under which the running cell's <see cref="CancellationToken"/> is published
    /// (boxed). Long library work checks <c>AppContext.GetData(key) is CancellationToken t &amp;&amp;
    /// t.IsCancellationRequested</c> and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public const string CellCancellationKey = "Notebooks.CellCancellation";

    /// <summary>How long after an interrupt a cell that has not stopped gets the "cannot be interrupted here" message.</summary>
    public static TimeSpan StillRunningAfter { get; set; } = TimeSpan.FromSeconds(5);

    static void WarnIfStillRunning(string where, Action<CellOutput> emit, CancellationToken finished)
    {
        _ = Task.Delay(StillRunningAfter, finished).ContinueWith(t =>
        {
            if (t.IsCanceled) return;
            emit(new StreamOutput("stderr",
                $"{where} cannot be interrupted here: it is inside code that does not check for interrupts " +
                $"(e.g. Thread.Sleep, a native call or a library loop). It has not stopped {StillRunningAfter.TotalSeconds:0} s after the interrupt; " +
                "Restart the kernel to stop it (its variables are lost).\n"));
        }, TaskScheduler.Default);
    }

    /// <summary>Compiles, then runs with the time limit counting from the start of the run (not of the compilation).</summary>
    async Task<CellStatus> Run(string code, string cellLabel, string where, Action<CellOutput> emit, CancellationTokenSource stop, TimeSpan? timeout)
    {
        var options = _options.WithFilePath($"{_notebookName} {cellLabel}");
        var guarded = InterruptRewriter.Rewrite(code, ParseOptions);
        Script<object?> script = _state is null
            ? CSharpScript.Create<object?>(guarded, options, typeof(ScriptGlobals))
            : _state.Script.ContinueWith<object?>(guarded, options);
        var diagnostics = script.Compile();
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // Report against the cell as written: the guarded copy's columns differ where loops were instrumented.
            var original = _state is null
                ? CSharpScript.Create<object?>(code, options, typeof(ScriptGlobals))
                : _state.Script.ContinueWith<object?>(code, options);
            emit(CellErrors.Compilation(original.Compile(), where));
            return CellStatus.Error;
        }

        if (timeout is { } limit) stop.CancelAfter(limit);
        CodeStarting?.Invoke();
        var state = _state is null
            ? await script.RunAsync(_globals, catchException: _ => true, stop.Token)
            : await script.RunFromAsync(_state, catchException: _ => true, stop.Token);
        _state = state;
        Console.Out.Flush();
        if (state.Exception is { } e)
        {
            if (e is OperationCanceledException && stop.IsCancellationRequested) throw new OperationCanceledException(stop.Token);
            emit(CellErrors.Exception(e, _notebookName));
            return CellStatus.Error;
        }
        if (HasReturnValue?.Invoke(script, null) is true)
            emit(Display.Format(state.ReturnValue, isResult: true));
        return CellStatus.Ok;
    }

    void Reference(CellDirectives directives, string where)
    {
        foreach (var source in directives.PackageSources)
            if (!_sources.Contains(source)) _sources.Add(source);

        var paths = new List<string>();
        var nativeFolders = new List<string>();
        if (directives.Packages.Count > 0)
        {
            foreach (var p in directives.Packages)
            {
                if (_packages.TryGetValue(p.Name, out var loaded) && loaded.Version != p.Version)
                    throw new UnsupportedCellException($"{where}, line {p.Line}: package {p.Name} {loaded.Version} is already loaded; a session cannot load a second version ({p.Version}). Restart the notebook to change versions.");
                _packages[p.Name] = p;
            }
            var (assemblies, natives) = _nuget.Restore(_packages.Values, _sources, where);
            paths.AddRange(assemblies);
            nativeFolders.AddRange(natives);
        }
        foreach (var path in directives.AssemblyPaths)
        {
            var full = Path.GetFullPath(path, WorkingDirectory);
            if (!File.Exists(full))
                throw new UnsupportedCellException($"{where}: #r \"{path}\": no file at {full}." +
                    (path.Contains("lib/bin", StringComparison.Ordinal) ? " Build the course library first: dotnet build course.sln" : ""));
            if (!IsManaged(full))
                throw new UnsupportedCellException($"{where}: #r \"{path}\": {full} is not a .NET assembly; #r takes a .dll built for .NET, or \"nuget: Name, Version\".");
            paths.Add(full);
        }
        if (paths.Count == 0) return;
        var references = new List<MetadataReference>();
        foreach (var path in paths.Distinct())
        {
            references.Add(MetadataReference.CreateFromFile(path));
            // What a referenced library itself references, when it sits beside it, is visible to the cell
            // too: `#r "../lib/bin/AttentionCourse.dll"` then `using TorchSharp;` works with one line.
            var folder = Path.GetDirectoryName(path)!;
            foreach (var dependency in _assemblies.Load(path).GetReferencedAssemblies())
            {
                var beside = Path.Combine(folder, dependency.Name + ".dll");
                if (File.Exists(beside)) references.Add(MetadataReference.CreateFromFile(beside));
            }
        }
        _options = _options.AddReferences(references);
        // TorchSharp from NuGet (or a folder) without the course library: apply the course's GLIBCXX fix.
        nativeFolders.AddRange(paths.SelectMany(TorchSharpNativeFix.FoldersBeside).Where(Directory.Exists));
        TorchSharpNativeFix.Apply(nativeFolders.Distinct().ToList(), paths.Distinct().Select(_assemblies.Load), where);
    }

    /// <summary>Whether <paramref name="code"/> is a complete submission: "complete" or "incomplete".</summary>
    public string IsComplete(string code) =>
        SyntaxFactory.IsCompleteSubmission(CSharpSyntaxTree.ParseText(CellDirectives.Parse(code, "cell").Code, ParseOptions)) ? "complete" : "incomplete";

    /// <summary>Completion candidates at <paramref name="cursor"/>: the span the match replaces and the names, from Roslyn's semantic model.</summary>
    public Task<(int Start, int End, IReadOnlyList<string> Matches)> CompleteAsync(string code, int cursor) =>
        Task.Run(() => Completion.Complete(_state?.Script, _options, code, cursor));

    /// <inheritdoc />
    public void Dispose()
    {
        Console.SetOut(_originalOut);
        Console.SetError(_originalError);
        Console.SetIn(_originalIn);
    }

    static IEnumerable<MetadataReference> FrameworkReferences()
    {
        var folder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Directory.EnumerateFiles(folder, "*.dll")
            .Where(f => IsManaged(f))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f));
    }

    static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}
