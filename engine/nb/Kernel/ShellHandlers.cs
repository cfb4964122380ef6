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

    /// <summary>The last execution_count handed out: the session's own count, read, never kept here.</summary>
    public int ExecutionCount => engine.ExecutionCount;

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

    /// <summary>
    /// The reply to an execute_request skipped because an earlier cell failed: no execution_count,
    /// so a front end does not show the failed cell's number on the skipped one.
    /// </summary>
    public static JsonObject AbortedReply() => new() { ["status"] = "aborted" };

    /// <summary>
    /// kernel_info_reply content: protocol 5.3 and the language_info course notebooks already carry
    /// (Polyglot Notebooks' <c>{"name": "polyglot-notebook"}</c>, nothing more), because Jupyter front ends
    /// write this object into the notebook on save: anything else is a git diff on every save.
    /// Editors take the cell language from the kernelspec's "language" ("C#").
    /// </summary>
    public static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = "attention-course-csharp",
        ["implementation_version"] = typeof(ShellHandlers).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
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
        // The count this execution will carry: the session advances its one counter only when history is stored.
        var count = engine.ExecutionCount + (storeHistory ? 1 : 0);
        if (!silent) publish(request, "execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count });

        // One channel: every output arrives once, through the callback, as it happens. Console text
        // is coalesced (every 50 ms or 8 KB) so a cell writing thousands of lines sends a few messages.
        ErrorOutput? lastError = null;
        using var streams = new StreamCoalescer(s => { if (!silent) publish(request, "stream", IopubContent(s, count)); });
        void Emit(CellOutput output)
        {
            if (output is StreamOutput s) { streams.Add(s); return; }
            streams.Flush();
            if (output is ErrorOutput e) lastError = e;
            if (!silent) publish(request, IopubType(output), IopubContent(output, count));
        }

        using var cancel = new CancellationTokenSource();
        lock (_gate) _running = cancel;
        CellStatus status;
        try
        {
            var result = engine.ExecuteAsync(code, $"cell {count}", Emit, cancel.Token, storeHistory).GetAwaiter().GetResult();
            if (result.ExecutionCount != count) log.Write($"the session counted {result.ExecutionCount} where the kernel announced {count}");
            status = result.Status;
        }
        catch (OperationCanceledException)
        {
            status = CellStatus.Cancelled;
        }
        catch (Exception e)
        {
            log.Write($"engine failed on cell {count}: {e}");
            Emit(new ErrorOutput(e.GetType().Name, e.Message, e.ToString().Split('\n')));
            status = CellStatus.Error;
        }
        finally
        {
            lock (_gate) _running = null;
        }
        streams.Flush();

        if (status == CellStatus.Ok)
        {
            reply("execute_reply", new JsonObject
            {
                ["status"] = "ok", ["execution_count"] = count,
                ["user_expressions"] = new JsonObject(), ["payload"] = new JsonArray(),
            });
            return false;
        }

        // The session reports every failure as an error output; an engine that did not is named plainly.
        var error = lastError ?? new ErrorOutput(status.ToString(), $"The cell ended with status {status}.", []);
        if (lastError is null) Emit(error);
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

    // A trailing value goes out as display_data, as the runner and VS Code store it: a front end that
    // saved it as execute_result would change every committed notebook's outputs on save.
    static string IopubType(CellOutput output) => output switch
    {
        StreamOutput => "stream",
        DisplayOutput => "display_data",
        ErrorOutput => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(output), output.GetType().Name),
    };

    static JsonObject IopubContent(CellOutput output, int count) => output switch
    {
        StreamOutput s => new JsonObject { ["name"] = s.Name, ["text"] = s.Text },
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

/// <summary>
/// Joins consecutive console writes of one stream into one message: sent when 50 ms have passed
/// since the first pending write, when 8 KB are pending, when the stream name changes, and on
/// <see cref="Flush"/> (before any other output, and at the end of the cell). Text is forwarded
/// as written, carriage returns included: front ends render "\r" as an in-place update.
/// </summary>
internal sealed class StreamCoalescer(Action<StreamOutput> send) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    public const int MaxChars = 8 * 1024;

    readonly Lock _gate = new();
    readonly System.Text.StringBuilder _pending = new();
    string _name = "stdout";
    Timer? _timer;
    bool _disposed;

    public void Add(StreamOutput output)
    {
        lock (_gate)
        {
            if (_pending.Length > 0 && output.Name != _name) SendPending();
            _name = output.Name;
            _pending.Append(output.Text);
            if (_pending.Length >= MaxChars) SendPending();
            else if (_timer is null && !_disposed) _timer = new Timer(_ => Flush(), null, Interval, Timeout.InfiniteTimeSpan);
        }
    }

    public void Flush()
    {
        lock (_gate) SendPending();
    }

    void SendPending()
    {
        _timer?.Dispose();
        _timer = null;
        if (_pending.Length == 0) return;
        var text = _pending.ToString();
        _pending.Clear();
        send(new StreamOutput(_name, text));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            SendPending();
            _disposed = true;
        }
    }
}
