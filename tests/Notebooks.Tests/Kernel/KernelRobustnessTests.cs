using System.Text;
using System.Text.Json.Nodes;
using AttentionCourse.Notebooks.Cli.Kernel;
using NetMQ;
using NetMQ.Sockets;

namespace AttentionCourse.Notebooks.Tests.Kernel;

/// <summary>Output flooding, replayed and malformed messages, and what Jupyter saves from the kernel.</summary>
public sealed class KernelRobustnessTests : IDisposable
{
    readonly InProcessKernel _kernel = new();
    readonly DealerSocket _shell, _control;
    readonly SubscriberSocket _iopub;

    public KernelRobustnessTests()
    {
        _shell = _kernel.Dealer(_kernel.Connection.ShellPort);
        _control = _kernel.Dealer(_kernel.Connection.ControlPort);
        _iopub = _kernel.Iopub();
        var frames = new NetMQMessage();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            _kernel.Send(_shell, "kernel_info_request", []);
            _kernel.Receive(_shell);
            if (!_iopub.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(200), ref frames)) continue;
            while (_iopub.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(200), ref frames)) { }
            return;
        }
        Assert.Fail("iopub never delivered");
    }

    public void Dispose() => _kernel.Dispose();

    JupyterMessage Execute(string code, out List<JupyterMessage> iopub)
    {
        var id = _kernel.Send(_shell, "execute_request", new JsonObject { ["code"] = code, ["silent"] = false, ["store_history"] = true });
        var reply = _kernel.Receive(_shell);
        iopub = _kernel.IopubUntilIdle(_iopub, id);
        return reply;
    }

    [Fact]
    public void Twenty_thousand_writes_are_coalesced_into_few_stream_messages_and_idle_always_arrives()
    {
        var reply = Execute("spam:20000", out var iopub);
        Assert.Equal("ok", (string)reply.Content["status"]!);
        var streams = iopub.Where(m => m.MsgType == "stream").ToList();
        Assert.InRange(streams.Count, 1, 200);
        var text = string.Concat(streams.Select(m => (string)m.Content["text"]!));
        Assert.Equal(string.Concat(Enumerable.Range(0, 20000).Select(i => $"line {i}\n")), text);
        Assert.Equal("idle", (string)iopub[^1].Content["execution_state"]!);
    }

    [Fact]
    public void Stream_text_and_displays_keep_their_order_when_coalesced()
    {
        Execute("print:a\nprint:b\ndisplay:shown\nprint:c", out var iopub);
        var kinds = iopub.Where(m => m.MsgType is "stream" or "display_data")
            .Select(m => m.MsgType == "stream" ? (string)m.Content["text"]! : "[display]").ToList();
        Assert.Equal(["a\nb\n", "[display]", "c\n"], kinds);
    }

    [Fact]
    public void In_place_progress_is_forwarded_with_its_carriage_returns_for_the_front_end_to_render()
    {
        Execute("raw:\rstep 1 of 3\nraw:\rstep 2 of 3\nraw:\rstep 3 of 3\nprint:", out var iopub);
        var text = string.Concat(iopub.Where(m => m.MsgType == "stream").Select(m => (string)m.Content["text"]!));
        Assert.Equal("\rstep 1 of 3\rstep 2 of 3\rstep 3 of 3\n", text);
    }

    [Fact]
    public void A_replayed_signed_message_is_dropped_and_logged()
    {
        var message = JupyterMessage.Create("execute_request", new JsonObject { ["code"] = "set:n=1" }, "client", null, []);
        var frames = message.Encode(new MessageSigner(InProcessKernel.Key));
        for (var i = 0; i < 2; i++)
        {
            var wire = new NetMQMessage();
            foreach (var f in frames) wire.Append(f);
            _shell.SendMultipartMessage(wire);
        }
        Assert.Equal("ok", (string)Execute("print:after", out _).Content["status"]!);
        Assert.Equal(["set:n=1", "print:after"], _kernel.Engine.Executed);
        Assert.Contains("replayed", _kernel.Log.ToString());
    }

    [Fact]
    public void Signed_but_malformed_messages_never_stop_the_kernel()
    {
        var signer = new MessageSigner(InProcessKernel.Key);
        string[][] bad =
        [
            ["""{"msg_id":"a","msg_id":"b","msg_type":"execute_request","session":"s"}""", "{}", "{}", """{"code":"set:dup=1"}"""],
            ["""{"msg_id":"c","msg_type":"execute_request","session":"s"}""", "{}", "{}", """{"code":"x","code":"y"}"""],
            ["""{"msg_id":"d","msg_type":"kernel_info_request","session":"s"}""", """{"a":1,"a":2}""", "{}", "{}"],
            ["""{"msg_id":"e","msg_type":"shutdown_request","session":"s"}""", "{}", "{}", """{"restart":"yes","restart":1}"""],
        ];
        foreach (var socket in new[] { _shell, _control })
            foreach (var json in bad)
            {
                var bytes = json.Select(Encoding.UTF8.GetBytes).ToArray();
                var wire = new NetMQMessage();
                wire.Append("<IDS|MSG>");
                wire.Append(signer.Sign(bytes));
                foreach (var b in bytes) wire.Append(b);
                socket.SendMultipartMessage(wire);
            }
        var invalidUtf8 = new NetMQMessage();
        invalidUtf8.Append("<IDS|MSG>");
        byte[][] raw = [[0xff, 0xfe, 0x7b], [0x7b, 0x7d], [0x7b, 0x7d], [0x7b, 0x7d]];
        invalidUtf8.Append(signer.Sign(raw));
        foreach (var b in raw) invalidUtf8.Append(b);
        _shell.SendMultipartMessage(invalidUtf8);

        Thread.Sleep(500);
        Assert.Equal("ok", (string)Execute("print:alive", out _).Content["status"]!);
        _kernel.Send(_control, "kernel_info_request", []);
        Assert.Equal("kernel_info_reply", _kernel.Receive(_control).MsgType);
        Assert.DoesNotContain("set:dup=1", _kernel.Engine.Executed);
    }

    [Fact]
    public void Trailing_values_are_display_data_and_language_info_is_what_course_notebooks_carry()
    {
        Execute("set:x=5\nget:x", out var iopub);
        var value = Assert.Single(iopub, m => m.MsgType is "display_data" or "execute_result");
        Assert.Equal("display_data", value.MsgType);

        _kernel.Send(_shell, "kernel_info_request", []);
        var info = _kernel.Receive(_shell);
        Assert.Equal("""{"name":"polyglot-notebook"}""", info.Content["language_info"]!.ToJsonString());
    }

    [Fact]
    public void The_kernel_reports_the_sessions_one_execution_count_and_silent_runs_take_none()
    {
        Assert.Equal(1, (int)Execute("set:a=1", out _).Content["execution_count"]!);
        var id = _kernel.Send(_shell, "execute_request", new JsonObject { ["code"] = "set:b=2", ["silent"] = true });
        Assert.Equal(1, (int)_kernel.Receive(_shell).Content["execution_count"]!);
        _kernel.IopubUntilIdle(_iopub, id);
        var reply = Execute("get:b", out var iopub);
        Assert.Equal(2, (int)reply.Content["execution_count"]!);
        Assert.Equal(2, (int)Assert.Single(iopub, m => m.MsgType == "execute_input").Content["execution_count"]!);
        Assert.Equal(2, _kernel.Engine.ExecutionCount);
    }

    [Fact]
    public void Executions_aborted_after_a_failure_do_not_show_the_failed_cells_count()
    {
        _kernel.Send(_shell, "execute_request", new JsonObject { ["code"] = "wait" });
        while (!_kernel.Engine.Executed.Contains("wait")) Thread.Sleep(10);
        _kernel.Send(_shell, "execute_request", new JsonObject { ["code"] = "set:queued=1" });
        Thread.Sleep(200);
        _kernel.Send(_control, "interrupt_request", []);
        var failed = _kernel.Receive(_shell);
        Assert.Equal(1, (int)failed.Content["execution_count"]!);
        var aborted = _kernel.Receive(_shell);
        Assert.Equal("aborted", (string)aborted.Content["status"]!);
        Assert.Null(aborted.Content["execution_count"]);
    }

    [Fact]
    public void An_interrupted_cell_reports_one_KeyboardInterrupt_from_the_session_only()
    {
        _kernel.Send(_shell, "execute_request", new JsonObject { ["code"] = "wait" });
        while (!_kernel.Engine.Executed.Contains("wait")) Thread.Sleep(10);
        _kernel.Send(_control, "interrupt_request", []);
        _kernel.Receive(_control);
        var reply = _kernel.Receive(_shell);
        var parent = (string)reply.ParentHeader["msg_id"]!;
        var errors = _kernel.IopubUntilIdle(_iopub, parent).Where(m => m.MsgType == "error").ToList();
        var error = Assert.Single(errors);
        Assert.Equal("fake: interrupted", (string)error.Content["evalue"]!);
    }
}
