namespace AttentionCourse.Notebooks;

/// <summary>One output of a code cell, in nbformat terms. Front ends (runner, kernel) map these to their wire format.</summary>
public abstract record CellOutput;

/// <summary>Console text: <paramref name="Name"/> is <c>stdout</c> or <c>stderr</c>.</summary>
public sealed record StreamOutput(string Name, string Text) : CellOutput;

/// <summary>
/// A displayed value: MIME type to content (one entry, like VS Code stores it: <c>text/plain</c> for
/// strings, <c>text/html</c> for other objects). <paramref name="IsResult"/> marks a cell's trailing
/// value, which a Jupyter front end sends as <c>execute_result</c>.
/// </summary>
public sealed record DisplayOutput(IReadOnlyDictionary<string, string> Data, bool IsResult = false) : CellOutput;

/// <summary>A compile error or an exception: <c>ename</c>, <c>evalue</c> and the traceback lines.</summary>
public sealed record ErrorOutput(string EName, string EValue, IReadOnlyList<string> Traceback) : CellOutput;

/// <summary>How a cell ended.</summary>
public enum CellStatus
{
    /// <summary>Ran to the end.</summary>
    Ok,
    /// <summary>A compile error, an unsupported directive, or an exception.</summary>
    Error,
    /// <summary>Stopped by the per-cell time limit.</summary>
    Timeout,
    /// <summary>Stopped by an interrupt.</summary>
    Cancelled,
}

/// <summary>What executing one cell produced.</summary>
public sealed record CellResult(CellStatus Status, int ExecutionCount, IReadOnlyList<CellOutput> Outputs);
