using Microsoft.CodeAnalysis;

namespace AttentionCourse.Notebooks;

/// <summary>Builds error outputs that name the notebook, the cell and the line, never the engine's internals.</summary>
static class CellErrors
{
    /// <summary>Every compile error of a cell, one line each: <c>nb.ipynb, cell 3, line 2, column 5: error CS0103: ...</c>.</summary>
    public static ErrorOutput Compilation(IEnumerable<Diagnostic> diagnostics, string where)
    {
        var lines = diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d =>
            {
                var span = d.Location.GetLineSpan().StartLinePosition;
                return $"{where}, line {span.Line + 1}, column {span.Character + 1}: error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            })
            .ToList();
        return new ErrorOutput("CompilationError", string.Join('\n', lines), lines);
    }

    /// <summary>An exception with its type, message and the stack frames that lie in the notebook's cells.</summary>
    public static ErrorOutput Exception(Exception e, string notebookName)
    {
        var type = e.GetType().FullName ?? e.GetType().Name;
        var traceback = new List<string> { $"{type}: {e.Message}" };
        var marker = $" in {notebookName} ";
        foreach (var frame in (e.StackTrace ?? "").Split('\n').Select(f => f.TrimEnd()))
        {
            var at = frame.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) continue;
            var location = frame[(at + 4)..].Replace(":line ", ", line ", StringComparison.Ordinal);
            traceback.Add($"   at {location}");
        }
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
            traceback.Add($" ---> {inner.GetType().FullName}: {inner.Message}");
        return new ErrorOutput(type, e.Message, traceback);
    }

    /// <summary>A cell stopped by an interrupt or its time limit.</summary>
    public static ErrorOutput Stopped(string where, bool timedOut, TimeSpan? limit) => timedOut
        ? new ErrorOutput("TimeoutError", $"{where} did not finish within {limit?.TotalSeconds:0.#} s and was stopped.", [$"TimeoutError: {where} did not finish within {limit?.TotalSeconds:0.#} s and was stopped."])
        : new ErrorOutput("KeyboardInterrupt", $"{where} was interrupted.", [$"KeyboardInterrupt: {where} was interrupted."]);
}
