using System.Text.Json.Nodes;
using AttentionCourse.Notebooks.Cli.Kernel;
using NetMQ;
using NetMQ.Sockets;

namespace AttentionCourse.Notebooks.Tests.Kernel;

/// <summary>The kernel's channels over raw NetMQ sockets, against the fake engine.</summary>
public sealed class KernelServerTests : IDisposable
{
    readonly InProcessKernel _kernel = new();
    readonly DealerSocket _shell, _control;
    readonly SubscriberSocket _iopub;

    public KernelServerTests()
    {
        _shell = _kernel.Dealer(_kernel.Connection.ShellPort);
        _control = _kernel.Dealer(_kernel.Connection.ControlPort);
        _iopub = _kernel.Iopub();
        // PUB drops messages sent before the subscription is live: wait until iopub delivers.
        WaitForIopub();
    }

    public void Dispose() => _kernel.Dispose();

    void WaitForIopub()
    {
        var frames = new NetMQMessage();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            _kernel.Send(_shell, "kernel_info_request", []);
            _kernel.Receive(_shell);
            if (_iopub.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(200), ref frames))
            {
                while (_iopub.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(200), ref frames)) { }
                return;
            }
        }
        Assert.Fail("iopub never delivered");
    }

    JupyterMessage Execute(string code, out List<JupyterMessage> iopub, JsonObject? extra = null)
    {
        var content = new JsonObject { ["code"] = code, ["silent"] = false, ["store_history"] = true };
        foreach (var (k, v) in extra ?? []) content[k] = v?.DeepClone();
        var id = _kernel.Send(_shell, "execute_request", content);
        var reply = _kernel.Receive(_shell);
        iopub = _kernel.IopubUntilIdle(_iopub, id);
        return reply;
    }

    [Fact]
    public void Kernel_info_reports_protocol_5_3_and_the_notebooks_language_info()
    {
        var id = _kernel.Send(_shell, "kernel_info_request", []);
        var reply = _kernel.Receive(_shell);
        Assert.Equal("kernel_info_reply", reply.MsgType);
        Assert.Equal(id, (string)reply.ParentHeader["msg_id"]!);
        Assert.Equal("5.3", (string)reply.Content["protocol_version"]!);
        Assert.Equal("polyglot-notebook", (string)reply.Content["language_info"]!["name"]!);
    }

    [Fact]
    public void Execute_publishes_busy_input_outputs_result_idle_and_replies_with_the_count()
    {
        var reply = Execute("set:x=42\nprint:hello\ndisplay:shown\nget:x", out var iopub);

        Assert.Equal("ok", (string)reply.Content["status"]!);
        Assert.Equal(1, (int)reply.Content["execution_count"]!);
        Assert.Equal(["status", "execute_input", "stream", "display_data", "display_data", "status"], iopub.Select(m => m.MsgType));
        Assert.Equal("busy", (string)iopub[0].Content["execution_state"]!);
        Assert.Equal("hello\n", (string)iopub[2].Content["text"]!);
        Assert.Equal("shown", (string)iopub[3].Content["data"]!["text/plain"]!);
        Assert.Equal("42", (string)iopub[4].Content["data"]!["text/plain"]!);

        Assert.Equal(2, (int)Execute("get:x", out _).Content["execution_count"]!);
    }

    [Fact]
    public void Error_is_published_and_replied_with_ename_and_evalue()
    {
        var reply = Execute("fail:boom", out var iopub);
        Assert.Equal("error", (string)reply.Content["status"]!);
        Assert.Equal("boom", (string)reply.Content["evalue"]!);
        Assert.Contains(iopub, m => m.MsgType == "error" && (string)m.Content["evalue"]! == "boom");
    }

    [Fact]
    public void Silent_execution_publishes_nothing_and_keeps_the_count()
    {
        Execute("set:x=1", out _);
        var reply = Execute("print:secret\nget:x", out var iopub, new JsonObject { ["silent"] = true });
        Assert.Equal(["status", "status"], iopub.Select(m => m.MsgType));
        Assert.Equal(1, (int)reply.Content["execution_count"]!);
        Assert.Equal(1, (int)Execute("print:x", out _, new JsonObject { ["store_history"] = false }).Content["execution_count"]!);
    }

    [Fact]
    public void Interrupt_on_control_cancels_the_running_cell_and_the_kernel_stays_usable()
    {
        Execute("set:x=7", out _);
        _kernel.Send(_shell, "execute_request", new JsonObject { ["code"] = "wait", ["silent"] = false });
        while (!_kernel.Engine.Executed.Contains("wait")) Thread.Sleep(10);

        _kernel.Send(_control, "interrupt_request", []);
        Assert.Equal("interrupt_reply", _kernel.Receive(_control).MsgType);
        var reply = _kernel.Receive(_shell);
        Assert.Equal("error", (string)reply.Content["status"]!);
        Assert.Equal("KeyboardInterrupt", (string)reply.Content["ename"]!);

        var after = Execute("get:x", out var iopub);
        Assert.Equal("ok", (string)after.Content["status"]!);
        Assert.Contains(iopub, m => m.MsgType == "display_data" && (string)m.Content["data"]!["text/plain"]! == "7");
    }

    [Fact]
    public void Failed_cell_aborts_executions_queued_behind_it()
    {
        _kernel.Send(_shell, "execute_request", new JsonObject { ["code"] = "wait" });
        while (!_kernel.Engine.Executed.Contains("wait")) Thread.Sleep(10);
        _kernel.Send(_shell, "execute_request", new JsonObject { ["code"] = "set:queued=1" });
        Thread.Sleep(200); // let the queued request reach the kernel's socket before the interrupt
        _kernel.Send(_control, "interrupt_request", []);

        Assert.Equal("error", (string)_kernel.Receive(_shell).Content["status"]!);
        Assert.Equal("aborted", (string)_kernel.Receive(_shell).Content["status"]!);
        Assert.DoesNotContain("set:queued=1", _kernel.Engine.Executed);
    }

    [Fact]
    public void Wrongly_signed_or_unsigned_execute_request_is_logged_and_never_run()
    {
        _kernel.Send(_shell, "execute_request", new JsonObject { ["code"] = "set:pwned=1" }, new MessageSigner("wrong-key"));
        _kernel.Send(_shell, "execute_request", new JsonObject { ["code"] = "set:pwned=2" }, new MessageSigner(""));

        var reply = Execute("print:after", out _);   // processed in order, after the two bad ones
        Assert.Equal("ok", (string)reply.Content["status"]!);
        Assert.Equal(["print:after"], _kernel.Engine.Executed);
        Assert.False(_kernel.Engine.Variables.ContainsKey("pwned"));
        var log = _kernel.Log.ToString();
        Assert.Contains("dropped a message: wrong signature", log);
        Assert.Contains("dropped a message: missing signature", log);
    }

    [Fact]
    public void Malformed_messages_are_logged_and_ignored_without_crashing()
    {
        InProcessKernel.SendRaw(_shell, "no delimiter here");
        InProcessKernel.SendRaw(_shell, "<IDS|MSG>", "sig", "{}");
        InProcessKernel.SendRaw(_control, "<IDS|MSG>", "", "{bad json", "{}", "{}", "{}");
        var signer = new MessageSigner(InProcessKernel.Key);
        string[] json = ["""{"msg_id":"m","session":"s"}""", "{}", "{}", "{}"];
        InProcessKernel.SendRaw(_shell, ["<IDS|MSG>", signer.Sign([.. json.Select(System.Text.Encoding.UTF8.GetBytes)]), .. json]);

        Assert.Equal("kernel_info_reply", Reply(_control));
        Assert.Equal("ok", (string)Execute("print:alive", out _).Content["status"]!);
        var log = _kernel.Log.ToString();
        Assert.Contains("no <IDS|MSG> delimiter", log);
        Assert.Contains("4 JSON frames", log);
        Assert.Contains("header has no string 'msg_type'", log);
    }

    string Reply(DealerSocket socket)
    {
        _kernel.Send(socket, "kernel_info_request", []);
        return _kernel.Receive(socket).MsgType;
    }

    [Fact]
    public void Is_complete_and_complete_use_the_engine_with_code_point_cursors()
    {
        _kernel.Send(_shell, "is_complete_request", new JsonObject { ["code"] = "if (x) {" });
        var isComplete = _kernel.Receive(_shell);
        Assert.Equal("incomplete", (string)isComplete.Content["status"]!);

        Execute("set:alpha=1\nset:alps=2\nset:beta=3", out _);
        // "😀" is one code point but two UTF-16 units: code point 4 is UTF-16 index 5, after "al".
        _kernel.Send(_shell, "complete_request", new JsonObject { ["code"] = "😀 al", ["cursor_pos"] = 4 });
        var complete = _kernel.Receive(_shell);
        Assert.Equal(["alpha", "alps"], complete.Content["matches"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(2, (int)complete.Content["cursor_start"]!);
        Assert.Equal(4, (int)complete.Content["cursor_end"]!);
    }

    [Fact]
    public void Heartbeat_echoes_what_it_receives()
    {
        using var hb = new RequestSocket();
        hb.Connect(_kernel.Connection.Endpoint(_kernel.Connection.HbPort));
        hb.SendFrame("ping-42");
        Assert.True(hb.TryReceiveFrameString(TimeSpan.FromSeconds(10), out var echo));
        Assert.Equal("ping-42", echo);
    }

    [Fact]
    public void Shutdown_replies_then_stops_the_kernel()
    {
        _kernel.Send(_control, "shutdown_request", new JsonObject { ["restart"] = true });
        var reply = _kernel.Receive(_control);
        Assert.Equal("shutdown_reply", reply.MsgType);
        Assert.True((bool)reply.Content["restart"]!);
        _kernel.Server.WaitForShutdown();
        Assert.True(_kernel.Server.RestartRequested);
    }
}
