using System.Text;
using System.Text.Json.Nodes;
using NetMQ;
using NetMQ.Sockets;

namespace AttentionCourse.Notebooks.Cli.Kernel;

/// <summary>
/// The five Jupyter channels, bound to the connection file's address only: shell (ROUTER, requests
/// that run in order), control (ROUTER, interrupt and shutdown, served while a cell runs), iopub
/// (PUB, status and outputs), stdin (ROUTER, bound but unused: input is not supported) and
/// heartbeat (REP, echo). Each receiving socket has its own thread; iopub is shared under a lock.
/// </summary>
internal sealed class KernelServer : IDisposable
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    readonly ConnectionFile _connection;
    readonly MessageSigner _signer;
    readonly KernelLog _log;
    readonly ShellHandlers _handlers;
    readonly string _session = Guid.NewGuid().ToString();
    readonly RouterSocket _shell = new(), _control = new(), _stdin = new();
    readonly PublisherSocket _iopub = new();
    readonly ResponseSocket _heartbeat = new();
    readonly Lock _iopubGate = new();
    readonly ManualResetEventSlim _stopped = new();
    readonly List<Thread> _threads = [];
    readonly DigestHistory _digests = new();
    volatile bool _stopping;

    /// <summary>A server for <paramref name="connection"/> running cells on <paramref name="engine"/>.</summary>
    public KernelServer(ConnectionFile connection, IKernelEngine engine, KernelLog log)
    {
        _connection = connection;
        _signer = new MessageSigner(connection.Key);
        _log = log;
        _handlers = new ShellHandlers(engine, log, Publish);
        if (!_signer.Enabled) _log.Write("warning: the connection file's key is empty, messages are not signed");
    }

    /// <summary>Whether a shutdown_request was answered (restart is the front end's job: it starts a new process).</summary>
    public bool RestartRequested { get; private set; }

    /// <summary>Binds every channel and starts serving; returns at once.</summary>
    public void Start()
    {
        foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat })
            socket.Options.Linger = TimeSpan.FromSeconds(1); // let the last replies leave on shutdown
        // PUB drops messages beyond its high-water mark (1,000 by default): a busy/idle status must never
        // be dropped, and stream output is coalesced, so iopub queues without limit.
        _iopub.Options.SendHighWatermark = 0;
        _shell.Bind(_connection.Endpoint(_connection.ShellPort));
        _control.Bind(_connection.Endpoint(_connection.ControlPort));
        _stdin.Bind(_connection.Endpoint(_connection.StdinPort));
        _iopub.Bind(_connection.Endpoint(_connection.IopubPort));
        _heartbeat.Bind(_connection.Endpoint(_connection.HbPort));
        _log.Write($"listening on {_connection.Ip} (shell {_connection.ShellPort}, iopub {_connection.IopubPort}, control {_connection.ControlPort}, stdin {_connection.StdinPort}, hb {_connection.HbPort})");

        StartThread("shell", () => Serve(_shell, HandleShell));
        StartThread("control", () => Serve(_control, HandleControl));
        StartThread("heartbeat", new Heartbeat(_heartbeat, () => _stopping).Run);
        Publish(null, "status", new JsonObject { ["execution_state"] = "starting" });
    }

    /// <summary>Blocks until a shutdown_request has been answered.</summary>
    public void WaitForShutdown() => _stopped.Wait();

    /// <summary>Cancels the running cell (interrupt_request, or SIGINT with interrupt_mode "signal").</summary>
    public void Interrupt()
    {
        _log.Write("interrupt");
        _handlers.Interrupt();
    }

    void StartThread(string name, Action loop)
    {
        var thread = new Thread(() =>
        {
            try { loop(); }
            catch (Exception e) when (!_stopping) { _log.Write($"{name} thread failed: {e}"); Stop(); }
            catch (Exception) { /* sockets closing under a stopping kernel */ }
        }) { IsBackground = true, Name = $"kernel-{name}" };
        _threads.Add(thread);
        thread.Start();
    }

    /// <summary>Receives from <paramref name="socket"/> until stopping; bad messages are logged and dropped.</summary>
    void Serve(RouterSocket socket, Action<RouterSocket, JupyterMessage> handle)
    {
        var frames = new NetMQMessage();
        while (!_stopping)
        {
            if (!socket.TryReceiveMultipartMessage(Poll, ref frames)) continue;
            try
            {
                var request = Decode(frames);
                if (request is not null) handle(socket, request);
            }
            catch (Exception e) when (!_stopping)
            {
                // Whatever a message does to a handler, the kernel goes on serving.
                _log.Write($"dropped a message that failed while being handled: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    JupyterMessage? Decode(NetMQMessage frames)
    {
        var message = JupyterMessage.Decode(frames.Select(f => f.ToByteArray()).ToArray(), _signer, out var error);
        if (message is null) _log.Write($"dropped a message: {error}");
        else if (!_digests.Accept(message.Signature))
        {
            _log.Write($"dropped a replayed message (its signature was seen before): {message.MsgType} {message.MsgId}");
            return null;
        }
        return message;
    }

    void HandleShell(RouterSocket socket, JupyterMessage request)
    {
        if (request.MsgType == "shutdown_request") { HandleControl(socket, request); return; }
        Busy(request, () =>
        {
            if (_handlers.Handle(request, (type, content) => Reply(socket, request, type, content)))
                AbortQueuedExecutions(socket);
        });
    }

    void HandleControl(RouterSocket socket, JupyterMessage request)
    {
        switch (request.MsgType)
        {
            case "interrupt_request":
                Busy(request, () =>
                {
                    Interrupt();
                    Reply(socket, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                });
                break;
            case "shutdown_request":
                var restart = request.Content["restart"] is JsonValue v && v.TryGetValue<bool>(out var r) && r;
                _log.Write($"shutdown (restart: {restart})");
                RestartRequested = restart;
                _handlers.Interrupt();
                var content = new JsonObject { ["status"] = "ok", ["restart"] = restart };
                Busy(request, () => Reply(socket, request, "shutdown_reply", content));
                Publish(request, "shutdown_reply", (JsonObject)content.DeepClone());
                Stop();
                break;
            case "execute_request":
                _log.Write("ignoring execute_request on the control channel");
                break;
            default:
                // kernel_info, comm_info and the like are safe to answer from control as well.
                Busy(request, () => _handlers.Handle(request, (type, c) => Reply(socket, request, type, c)));
                break;
        }
    }

    /// <summary>After a failed cell with stop_on_error, skip the executions already queued behind it.</summary>
    void AbortQueuedExecutions(RouterSocket socket)
    {
        var frames = new NetMQMessage();
        while (socket.TryReceiveMultipartMessage(TimeSpan.Zero, ref frames))
        {
            var request = Decode(frames);
            if (request is null) continue;
            if (request.MsgType == "execute_request")
                Busy(request, () => Reply(socket, request, "execute_reply", ShellHandlers.AbortedReply()));
            else
                HandleShell(socket, request);
        }
    }

    /// <summary>Brackets the handling of a request with iopub status busy and idle.</summary>
    void Busy(JupyterMessage request, Action handle)
    {
        Publish(request, "status", new JsonObject { ["execution_state"] = "busy" });
        try { handle(); }
        finally { Publish(request, "status", new JsonObject { ["execution_state"] = "idle" }); }
    }

    void Reply(RouterSocket socket, JupyterMessage request, string type, JsonObject content) =>
        Send(socket, JupyterMessage.Create(type, content, _session, request, request.Identities));

    void Publish(JupyterMessage? parent, string type, JsonObject content)
    {
        var topic = Encoding.UTF8.GetBytes($"kernel.{_session}.{type}");
        var message = JupyterMessage.Create(type, content, _session, parent, [topic]);
        lock (_iopubGate) Send(_iopub, message);
    }

    void Send(NetMQSocket socket, JupyterMessage message)
    {
        var frames = new NetMQMessage();
        foreach (var frame in message.Encode(_signer)) frames.Append(frame);
        socket.SendMultipartMessage(frames);
    }

    void Stop()
    {
        _stopping = true;
        _stopped.Set();
    }

    /// <summary>Stops the threads (waiting briefly for a cell to notice the interrupt) and closes the sockets.</summary>
    public void Dispose()
    {
        Stop();
        foreach (var thread in _threads)
            if (thread != Thread.CurrentThread) thread.Join(TimeSpan.FromSeconds(3));
        if (_threads.All(t => !t.IsAlive))
            foreach (var socket in new NetMQSocket[] { _shell, _control, _stdin, _iopub, _heartbeat }) socket.Dispose();
        _stopped.Dispose();
    }
}

/// <summary>
/// Signatures already accepted, as jupyter_client's <c>Session.digest_history</c>: a correctly signed
/// message seen a second time is a replay and is rejected. Bounded: past <see cref="Capacity"/> the
/// oldest half is forgotten. Unsigned sessions (empty key) have no signatures to remember.
/// </summary>
internal sealed class DigestHistory
{
    public const int Capacity = 1 << 16;
    readonly Lock _gate = new();
    readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    readonly Queue<string> _order = new();

    /// <summary>False when <paramref name="signature"/> was accepted before.</summary>
    public bool Accept(string signature)
    {
        if (signature.Length == 0) return true;
        lock (_gate)
        {
            if (!_seen.Add(signature)) return false;
            _order.Enqueue(signature);
            if (_order.Count > Capacity)
                while (_order.Count > Capacity / 2) _seen.Remove(_order.Dequeue());
            return true;
        }
    }
}
