namespace AttentionCourse.Notebooks;

/// <summary>
/// One C# scripting session: cells run in order, state carries from cell to cell. Shared by the
/// headless runner and the Jupyter kernel. (Implementation in progress: this is the contract.)
/// </summary>
public sealed class NotebookSession : IDisposable
{
    /// <summary>Starts a session whose relative paths resolve against <paramref name="workingDirectory"/>.</summary>
    /// <param name="workingDirectory">The notebook's folder.</param>
    /// <param name="notebookName">Used in error messages, e.g. <c>notebooks/01-weighted-average.ipynb</c>.</param>
    public NotebookSession(string workingDirectory, string notebookName = "notebook") { }

    /// <summary>Executions so far (the next cell's execution_count is this plus one).</summary>
    public int ExecutionCount { get; private set; }

    /// <summary>
    /// Runs one cell. Outputs are passed to <paramref name="onOutput"/> as they happen (console
    /// text, displays) and returned in order. Cancelling <paramref name="cancel"/> stops the cell at
    /// its next loop iteration or method entry and returns <see cref="CellStatus.Cancelled"/>.
    /// </summary>
    /// <param name="code">The cell's source.</param>
    /// <param name="cellLabel">How errors name the cell, e.g. "cell 3".</param>
    /// <param name="onOutput">Receives each output as it happens.</param>
    /// <param name="cancel">Interrupts the cell.</param>
    public Task<CellResult> ExecuteAsync(string code, string cellLabel, Action<CellOutput>? onOutput = null, CancellationToken cancel = default) =>
        throw new NotImplementedException();

    /// <summary>Whether <paramref name="code"/> is a complete submission: "complete", "incomplete" or "invalid".</summary>
    public string IsComplete(string code) => throw new NotImplementedException();

    /// <summary>Completion candidates at <paramref name="cursor"/>: the replaced span and the names.</summary>
    public Task<(int Start, int End, IReadOnlyList<string> Matches)> CompleteAsync(string code, int cursor) =>
        throw new NotImplementedException();

    /// <inheritdoc />
    public void Dispose() { }
}
