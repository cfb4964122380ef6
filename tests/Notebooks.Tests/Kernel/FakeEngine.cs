using System.Collections.Concurrent;
using AttentionCourse.Notebooks.Cli.Kernel;

namespace AttentionCourse.Notebooks.Tests.Kernel;

/// <summary>
/// A test double for the C# session, so the protocol is tested apart from Roslyn. It runs a
/// line-based toy language: <c>print:TEXT</c> (stdout), <c>raw:TEXT</c> (stdout, no newline), <c>spam:N</c> (N lines), <c>display:TEXT</c>, <c>set:NAME=VALUE</c>,
/// <c>get:NAME</c> (trailing value; an error if unset), <c>fail:MESSAGE</c>, and <c>wait</c> (blocks
/// until cancelled). Every executed cell is recorded, so tests can prove a cell never ran.
/// </summary>
internal sealed class FakeEngine : IKernelEngine
{
    public ConcurrentQueue<string> Executed { get; } = new();
    public ConcurrentDictionary<string, string> Variables { get; } = new();
    int _count;

    public int ExecutionCount => _count;

    public async Task<CellResult> ExecuteAsync(string code, string cellLabel, Action<CellOutput>? onOutput, CancellationToken cancel, bool storeHistory = true)
    {
        Executed.Enqueue(code);
        var outputs = new List<CellOutput>();
        var count = storeHistory ? ++_count : _count;
        void Emit(CellOutput o) { outputs.Add(o); onOutput?.Invoke(o); }
        foreach (var line in code.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (verb, arg) = line.Split(':', 2) is [var v, var a] ? (v, a) : (line, "");
            switch (verb)
            {
                case "print": Emit(new StreamOutput("stdout", arg + "\n")); break;
                case "raw": Emit(new StreamOutput("stdout", arg)); break;
                case "spam":
                    for (var i = 0; i < int.Parse(arg); i++) Emit(new StreamOutput("stdout", $"line {i}\n"));
                    break;
                case "display": Emit(new DisplayOutput(new Dictionary<string, string> { ["text/plain"] = arg })); break;
                case "set": Variables[arg.Split('=')[0]] = arg.Split('=')[1]; break;
                case "get" when Variables.TryGetValue(arg, out var value):
                    Emit(new DisplayOutput(new Dictionary<string, string> { ["text/plain"] = value }, IsResult: true));
                    break;
                case "get": return Failed($"(1,1): error CS0103: The name '{arg}' does not exist in the current context");
                case "fail": return Failed(arg);
                case "wait":
                    try { await Task.Delay(Timeout.Infinite, cancel); }
                    catch (OperationCanceledException)
                    {
                        // As the session does: the interrupt's error goes through the one output channel.
                        Emit(new ErrorOutput("KeyboardInterrupt", "fake: interrupted", ["KeyboardInterrupt: fake: interrupted"]));
                        return new CellResult(CellStatus.Cancelled, count, outputs);
                    }
                    break;
            }
        }
        return new CellResult(CellStatus.Ok, count, outputs);

        CellResult Failed(string message)
        {
            Emit(new ErrorOutput("Error", message, [message]));
            return new CellResult(CellStatus.Error, count, outputs);
        }
    }

    public string IsComplete(string code) => code.TrimEnd().EndsWith('{') ? "incomplete" : "complete";

    public Task<(int Start, int End, IReadOnlyList<string> Matches)> CompleteAsync(string code, int cursor)
    {
        var start = cursor;
        while (start > 0 && char.IsLetterOrDigit(code[start - 1])) start--;
        var prefix = code[start..cursor];
        IReadOnlyList<string> matches = [.. Variables.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order()];
        return Task.FromResult((start, cursor, matches));
    }

    public void Dispose() { }
}
