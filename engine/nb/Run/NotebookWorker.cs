using System.Globalization;
using AttentionCourse.Notebooks.Ipynb;

namespace AttentionCourse.Notebooks.Cli.Run;

/// <summary>
/// Executes one notebook in its own process, so a notebook that crashes it (a stack overflow, say)
/// cannot take the others' results with it. Talks to <see cref="RunCommand"/> through lines on its
/// real standard output (<c>@@nb cell N TOTAL</c>, <c>@@nb done</c>) and saves the executed notebook
/// to the result file after every cell, atomically, so a crash keeps what ran before it.
/// </summary>
static class NotebookWorker
{
    public const string Command = "__execute-notebook";
    public const string Prefix = "@@nb ";

    /// <summary>Arguments: notebook, result path, timeout seconds, "allow-errors" or "stop-on-error".</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var (source, result) = (args[0], args[1]);
        var timeout = TimeSpan.FromSeconds(double.Parse(args[2], CultureInfo.InvariantCulture));
        var allowErrors = args[3] == "allow-errors";
        var protocol = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };

        var document = NotebookDocument.Load(source);
        var name = Path.GetFileName(source);
        using var session = new NotebookSession(Path.GetDirectoryName(Path.GetFullPath(source))!, name);
        var cells = document.CodeCells;
        var failed = false;
        foreach (var cell in cells)
        {
            if (failed && !allowErrors)
            {
                document.SetOutputs(cell, null, []);
                continue;
            }
            protocol.WriteLine($"{Prefix}cell {cell.Number} {cells.Count}");
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
                var outcome = await session.ExecuteAsync(cell.Source, $"cell {cell.Number}", timeout: timeout);
                document.SetOutputs(cell, outcome.ExecutionCount, outcome.Outputs);
                failed |= outcome.Status != CellStatus.Ok;
            }
            document.Save(result);
        }
        document.Save(result);
        protocol.WriteLine($"{Prefix}done {(failed ? "failed" : "ok")}");
        return failed ? 1 : 0;
    }

    static bool IsCSharp(string language) => language.ToLowerInvariant() is "csharp" or "c#" or "cs";
}
