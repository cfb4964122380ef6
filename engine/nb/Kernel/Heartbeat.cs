using NetMQ;
using NetMQ.Sockets;

namespace AttentionCourse.Notebooks.Cli.Kernel;

/// <summary>
/// The heartbeat channel: a REP socket that echoes every message unchanged, on its own thread so a
/// long-running cell never makes the front end think the kernel died.
/// </summary>
internal sealed class Heartbeat(ResponseSocket socket, Func<bool> stopping)
{
    /// <summary>Echoes until <c>stopping()</c> turns true (checked every 100 ms).</summary>
    public void Run()
    {
        var message = new NetMQMessage();
        while (!stopping())
        {
            if (socket.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(100), ref message))
                socket.SendMultipartMessage(message);
        }
    }
}
