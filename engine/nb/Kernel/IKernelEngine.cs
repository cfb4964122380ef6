namespace AttentionCourse.Notebooks.Cli.Kernel;

/// <summary>
/// What the kernel needs from a C# session. <see cref="NotebookSessionEngine"/> is the real one;
/// tests use a fake so the protocol can be tested apart from Roslyn.
/// </summary>
internal interface IKernelEngine : IDisposable
{
    /// <summary>Runs one cell; see <see cref="NotebookSession.ExecuteAsync"/>.</summary>
    Task<CellResult> ExecuteAsync(string code, string cellLabel, Action<CellOutput>? onOutput, CancellationToken cancel, bool storeHistory = true);

    /// <summary>The session's execution count: executions that stored history so far. The kernel keeps no count of its own.</summary>
    int ExecutionCount { get; }

    /// <summary>"complete", "incomplete", "invalid" (or "unknown").</summary>
    string IsComplete(string code);

    /// <summary>Completions at a UTF-16 <paramref name="cursor"/>: the replaced span and the names.</summary>
    Task<(int Start, int End, IReadOnlyList<string> Matches)> CompleteAsync(string code, int cursor);
}

/// <summary>The course's notebook engine behind <see cref="IKernelEngine"/>.</summary>
internal sealed class NotebookSessionEngine(NotebookSession session) : IKernelEngine
{
    /// <inheritdoc />
    public Task<CellResult> ExecuteAsync(string code, string cellLabel, Action<CellOutput>? onOutput, CancellationToken cancel, bool storeHistory = true) =>
        session.ExecuteAsync(code, cellLabel, onOutput, cancel, storeHistory: storeHistory);

    /// <inheritdoc />
    public int ExecutionCount => session.ExecutionCount;

    /// <inheritdoc />
    public string IsComplete(string code) => session.IsComplete(code);

    /// <inheritdoc />
    public Task<(int Start, int End, IReadOnlyList<string> Matches)> CompleteAsync(string code, int cursor) =>
        session.CompleteAsync(code, cursor);

    /// <inheritdoc />
    public void Dispose() => session.Dispose();
}
