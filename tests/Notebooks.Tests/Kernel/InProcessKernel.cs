using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using AttentionCourse.Notebooks.Cli.Kernel;
using NetMQ;
using NetMQ.Sockets;

namespace AttentionCourse.Notebooks.Tests.Kernel;

/// <summary>
/// A <see cref="KernelServer"/> over a <see cref="FakeEngine"/> on free localhost ports, with its
/// connection file written to disk (for the Python client) and a raw NetMQ client (for C# tests).
/// </summary>
internal sealed class InProcessKernel : IDisposable
{
    public const string Key = "test-key-0123456789";
    public FakeEngine Engine { get; } = new();
    public StringWriter Log { get; } = new();
    public ConnectionFile Connection { get; }
    public string ConnectionPath { get; }
    public KernelServer Server { get; }
    readonly MessageSigner _signer = new(Key);
    readonly List<NetMQSocket> _clients = [];

    public InProcessKernel()
    {
        var p = FreePorts(5);
        Connection = new ConnectionFile("tcp", "127.0.0.1", p[0], p[1], p[2], p[3], p[4], Key, "hmac-sha256");
        ConnectionPath = Path.Combine(Path.GetTempPath(), $"nb-kernel-test-{Guid.NewGuid():N}.json");
        File.WriteAllText(ConnectionPath, new JsonObject
        {
            ["shell_port"] = p[0], ["iopub_port"] = p[1], ["stdin_port"] = p[2], ["control_port"] = p[3], ["hb_port"] = p[4],
            ["ip"] = "127.0.0.1", ["key"] = Key, ["transport"] = "tcp", ["signature_scheme"] = "hmac-sha256", ["kernel_name"] = "fake",
        }.ToJsonString());
        Server = new KernelServer(Connection, Engine, new KernelLog(TextWriter.Synchronized(Log)));
        Server.Start();
    }

    static int[] FreePorts(int n)
    {
        var listeners = Enumerable.Range(0, n).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    public DealerSocket Dealer(int port)
    {
        var socket = new DealerSocket();
        socket.Connect(Connection.Endpoint(port));
        _clients.Add(socket);
        return socket;
    }

    public SubscriberSocket Iopub()
    {
        var socket = new SubscriberSocket();
        socket.SubscribeToAnyTopic();
        socket.Connect(Connection.Endpoint(Connection.IopubPort));
        _clients.Add(socket);
        return socket;
    }

    /// <summary>Sends a request signed with the kernel's key (or <paramref name="signer"/>); returns its msg_id.</summary>
    public string Send(DealerSocket socket, string msgType, JsonObject content, MessageSigner? signer = null)
    {
        var message = JupyterMessage.Create(msgType, content, "client-session", null, []);
        var frames = new NetMQMessage();
        foreach (var f in message.Encode(signer ?? _signer)) frames.Append(f);
        socket.SendMultipartMessage(frames);
        return message.MsgId;
    }

    public static void SendRaw(DealerSocket socket, params string[] frames)
    {
        var message = new NetMQMessage();
        foreach (var f in frames) message.Append(Encoding.UTF8.GetBytes(f));
        socket.SendMultipartMessage(message);
    }

    /// <summary>The next message on <paramref name="socket"/>, checked against the kernel's key.</summary>
    public JupyterMessage Receive(NetMQSocket socket)
    {
        var frames = new NetMQMessage();
        Assert.True(socket.TryReceiveMultipartMessage(TimeSpan.FromSeconds(20), ref frames), "no message from the kernel within 20 s");
        var message = JupyterMessage.Decode(frames.Select(f => f.ToByteArray()).ToArray(), _signer, out var error);
        Assert.True(message is not null, error);
        return message!;
    }

    /// <summary>iopub messages for <paramref name="parentId"/> up to and including its status idle.</summary>
    public List<JupyterMessage> IopubUntilIdle(SubscriberSocket iopub, string parentId)
    {
        var seen = new List<JupyterMessage>();
        while (true)
        {
            var m = Receive(iopub);
            if ((string?)m.ParentHeader["msg_id"] != parentId) continue;
            seen.Add(m);
            if (m.MsgType == "status" && (string)m.Content["execution_state"]! == "idle") return seen;
        }
    }

    public void Dispose()
    {
        Server.Dispose();
        foreach (var c in _clients) c.Dispose();
        File.Delete(ConnectionPath);
    }
}
