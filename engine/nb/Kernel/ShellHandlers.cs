using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttentionCourse.Notebooks.Cli.Kernel;

/// <summary>
/// Answers the shell channel's requests: kernel_info, execute, is_complete, complete, inspect,
/// comm_info and history. Runs on the shell thread, one request at a time;
/// <see cref="Interrupt"/> is called from the control thread (or on SIGINT) while a cell runs.
/// </summary>
internal sealed class ShellHandlers(IKernelEngine engine, KernelLog log, Action<JupyterMessage, string, JsonObject> publish)
{
    readonly Lock _gate = new();
    CancellationTokenSource? _running;

    /// <summary>The last execution_count handed out (increments for each stored, non-silent execution).</summary>
    public int ExecutionCount { get; private set; }

    /// <summary>Message types <see cref="Handle"/> answers.</summary>
    public static readonly IReadOnlySet<string> Handled = new HashSet<string>
    {
        "kernel_info_request", "execute_request", "is_complete_request", "complete_request",
        "inspect_request", "comm_info_request", "history_request",
    };

    /// <summary>
    /// Answers <paramref name="request"/> through <paramref name="reply"/> (type, content). Returns
    /// true when an execution failed with stop_on_error, so queued executions must be aborted.
    /// A handler that throws gets an error reply; the kernel carries on.
    /// </summary>
    public bool Handle(JupyterMessage request, Action<string, JsonObject> reply)
    {
        var replyType = request.MsgType.Replace("_request", "_reply");
        try
        {
            switch (request.MsgType)
            {
                case "execute_request": return Execute(request, reply);
                case "kernel_info_request": reply(replyType, KernelInfo()); break;
                case "is_complete_request": reply(replyType, IsComplete(request.Content)); break;
                case "complete_request": reply(replyType, Complete(request.Content)); break;
                case "inspect_request": reply(replyType, new JsonObject { ["status"] = "ok", ["found"] = false, ["data"] = new JsonObject(), ["metadata"] = new JsonObject() }); break;
                case "comm_info_request": reply(replyType, new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() }); break;
                case "history_request": reply(replyType, new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() }); break;
                default: log.Write($"ignoring unknown message type '{request.MsgType}'"); break;
            }
        }
        catch (Exception e)
        {
            log.Write($"{request.MsgType} failed: {e}");
            reply(replyType, new JsonObject { ["status"] = "error", ["ename"] = e.GetType().Name, ["evalue"] = e.Message, ["traceback"] = new JsonArray() });
        }
        return false;
    }

    /// <summary>Cancels the running cell, if any; the session stays usable.</summary>
    public void Interrupt()
    {
        lock (_gate) _running?.Cancel();
    }

    /// <summary>The reply to an execute_request skipped because an earlier cell failed.</summary>
    public JsonObject AbortedReply() => new() { ["status"] = "aborted", ["execution_count"] = ExecutionCount };

    /// <summary>kernel_info_reply content: protocol 5.3, language C# (VS Code maps "C#" to its csharp mode).</summary>
    public static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = "attention-course-csharp",
        ["implementation_version"] = typeof(ShellHandlers).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        ["language_info"] = new JsonObject
        {
            ["name"] = "C#",
            ["version"] = "14.0",
            ["mimetype"] = "text/x-csharp",
            ["file_extension"] = ".cs",
            ["pygments_lexer"] = "csharp",
            ["codemirror_mode"] = "text/x-csharp",
        },
        ["banner"] = $"C# kernel of the attention course (.NET {Environment.Version})",
        ["help_links"] = new JsonArray(),
    };

    bool Execute(JupyterMessage request, Action<string, JsonObject> reply)
    {
        var content = request.Content;
        var code = Text(content, "code");
        var silent = Flag(content, "silent", false);
        var storeHistory = !silent && Flag(content, "store_history", true);
        var stopOnError = Flag(content, "stop_on_error", true);
        if (storeHistory) ExecutionCount++;
        var count = ExecutionCount;
        if (!silent) publish(request, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });

        // The engine may report an output through the callback, in the result, or both: send each once.
        var sent = new HashSet<CellOutput>(ReferenceEqualityComparer.Instance);
        void Emit(CellOutput output)
        {
            lock (sent)
                if (!sent.Add(output)) return;
            if (!silent) publish(request, IopubType(output), IopubContent(output, count));
        }

        using var cancel = new CancellationTokenSource();
        lock (_gate) _running = cancel;
        CellResult result;
        try
        {
            result = engine.ExecuteAsync(code, $"cell {count}", Emit, cancel.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            result = new CellResult(CellStatus.Cancelled, count, []);
        }
        catch (Exception e)
        {
            log.Write($"engine failed on cell {count}: {e}");
            result = new CellResult(CellStatus.Error, count, [new ErrorOutput(e.GetType().Name, e.Message, e.ToString().Split('\n'))]);
        }
        finally
        {
            lock (_gate) _running = null;
        }

        foreach (var output in result.Outputs) Emit(output);
        if (result.Status == CellStatus.Ok)
        {
            reply("execute_reply", new JsonObject
            {
                ["status"] = "ok", ["execution_count"] = count,
                ["user_expressions"] = new JsonObject(), ["payload"] = new JsonArray(),
            });
            return false;
        }

        var error = result.Outputs.OfType<ErrorOutput>().LastOrDefault();
        if (error is null)
        {
            error = result.Status == CellStatus.Cancelled
                ? new ErrorOutput("KeyboardInterrupt", "The cell was interrupted.", ["KeyboardInterrupt: the cell was interrupted."])
                : new ErrorOutput(result.Status.ToString(), $"The cell ended with status {result.Status}.", []);
            Emit(error);
        }
        reply("execute_reply", new JsonObject
        {
            ["status"] = "error", ["execution_count"] = count,
            ["ename"] = error.EName, ["evalue"] = error.EValue, ["traceback"] = Strings(error.Traceback),
        });
        return stopOnError;
    }

    JsonObject IsComplete(JsonObject content)
    {
        var status = engine.IsComplete(Text(content, "code"));
        var reply = new JsonObject { ["status"] = status };
        if (status == "incomplete") reply["indent"] = "";
        return reply;
    }

    JsonObject Complete(JsonObject content)
    {
        // Jupyter counts cursor positions in Unicode code points; Roslyn in UTF-16 units.
        var code = Text(content, "code");
        var cursor = content["cursor_pos"] is JsonValue v && v.TryGetValue<int>(out var pos)
            ? TextPositions.ToUtf16(code, pos)
            : code.Length;
        var (start, end, matches) = engine.CompleteAsync(code, cursor).GetAwaiter().GetResult();
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = Strings(matches),
            ["cursor_start"] = TextPositions.ToCodePoints(code, start),
            ["cursor_end"] = TextPositions.ToCodePoints(code, end),
            ["metadata"] = new JsonObject(),
        };
    }

    static string IopubType(CellOutput output) => output switch
    {
        StreamOutput => "stream",
        DisplayOutput { IsResult: true } => "execute_result",
        DisplayOutput => "display_data",
        ErrorOutput => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(output), output.GetType().Name),
    };

    static JsonObject IopubContent(CellOutput output, int count) => output switch
    {
        StreamOutput s => new JsonObject { ["name"] = s.Name, ["text"] = s.Text },
        DisplayOutput { IsResult: true } d => new JsonObject { ["execution_count"] = count, ["data"] = Data(d), ["metadata"] = new JsonObject() },
        DisplayOutput d => new JsonObject { ["data"] = Data(d), ["metadata"] = new JsonObject(), ["transient"] = new JsonObject() },
        ErrorOutput e => new JsonObject { ["ename"] = e.EName, ["evalue"] = e.EValue, ["traceback"] = Strings(e.Traceback) },
        _ => throw new ArgumentOutOfRangeException(nameof(output), output.GetType().Name),
    };

    static JsonObject Data(DisplayOutput d) => new(d.Data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    static JsonArray Strings(IEnumerable<string> items) => new(items.Select(s => (JsonNode?)s).ToArray());

    static string Text(JsonObject content, string name) =>
        content[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (string)v! : "";

    static bool Flag(JsonObject content, string name, bool fallback) =>
        content[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : fallback;
}
