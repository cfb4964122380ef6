using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttentionCourse.Notebooks.Cli.Kernel;

/// <summary>
/// One Jupyter message (protocol 5.3): routing identities, then header, parent_header, metadata and
/// content as JSON objects, then optional binary buffers. On the wire:
/// <c>[identities…, "&lt;IDS|MSG&gt;", hmac, header, parent_header, metadata, content, buffers…]</c>.
/// </summary>
internal sealed class JupyterMessage
{
    /// <summary>The frame separating ZeroMQ routing identities from the message.</summary>
    public const string Delimiter = "<IDS|MSG>";

    /// <summary>The protocol version this kernel speaks.</summary>
    public const string ProtocolVersion = "5.3";

    /// <summary>ROUTER identities to route a reply back; on iopub, the topic.</summary>
    public required IReadOnlyList<byte[]> Identities { get; init; }

    /// <summary>msg_id, session, username, date, msg_type, version.</summary>
    public required JsonObject Header { get; init; }

    /// <summary>The header of the message this one answers, or empty.</summary>
    public required JsonObject ParentHeader { get; init; }

    /// <summary>Free-form metadata.</summary>
    public required JsonObject Metadata { get; init; }

    /// <summary>The message body, shaped by msg_type.</summary>
    public required JsonObject Content { get; init; }

    /// <summary>The hex signature the message arrived with ("" for messages this kernel creates, or unsigned sessions).</summary>
    public string Signature { get; init; } = "";

    /// <summary>Extra binary frames after content (unused by this kernel, kept when received).</summary>
    public IReadOnlyList<byte[]> Buffers { get; init; } = [];

    /// <summary>header.msg_type, e.g. <c>execute_request</c>.</summary>
    public string MsgType => (string)Header["msg_type"]!;

    /// <summary>header.msg_id.</summary>
    public string MsgId => (string)Header["msg_id"]!;

    /// <summary>
    /// A new message from this kernel. <paramref name="parent"/>'s header becomes parent_header,
    /// so the front end can match replies and outputs to its request.
    /// </summary>
    public static JupyterMessage Create(string msgType, JsonObject content, string session, JupyterMessage? parent, IReadOnlyList<byte[]> identities) => new()
    {
        Identities = identities,
        Header = new JsonObject
        {
            ["msg_id"] = Guid.NewGuid().ToString(),
            ["session"] = session,
            ["username"] = "kernel",
            ["date"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            ["msg_type"] = msgType,
            ["version"] = ProtocolVersion,
        },
        ParentHeader = parent is null ? [] : (JsonObject)parent.Header.DeepClone(),
        Metadata = [],
        Content = content,
    };

    /// <summary>The wire frames, signed with <paramref name="signer"/>.</summary>
    public List<byte[]> Encode(MessageSigner signer)
    {
        byte[][] json = [Utf8(Header), Utf8(ParentHeader), Utf8(Metadata), Utf8(Content)];
        var frames = new List<byte[]>(Identities);
        frames.Add(Encoding.UTF8.GetBytes(Delimiter));
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(json)));
        frames.AddRange(json);
        frames.AddRange(Buffers);
        return frames;
    }

    /// <summary>
    /// Parses wire frames. Returns null and a reason when the frames are malformed (no delimiter,
    /// too few frames, bad JSON, header without msg_id/msg_type/session) or the signature is
    /// missing or wrong; such a message must be dropped, never acted on.
    /// </summary>
    public static JupyterMessage? Decode(IReadOnlyList<byte[]> frames, MessageSigner signer, out string? error)
    {
        var delimiter = Encoding.UTF8.GetBytes(Delimiter);
        var at = -1;
        for (var i = 0; i < frames.Count && at < 0; i++)
            if (frames[i].AsSpan().SequenceEqual(delimiter)) at = i;
        if (at < 0) return Fail("no <IDS|MSG> delimiter", out error);
        if (frames.Count < at + 6) return Fail($"expected signature and 4 JSON frames after the delimiter, got {frames.Count - at - 1} frames", out error);

        var json = new[] { frames[at + 2], frames[at + 3], frames[at + 4], frames[at + 5] };
        // Check the signature before parsing anything: unsigned input is never interpreted further.
        if (!signer.Verify(Encoding.ASCII.GetString(frames[at + 1]), json))
            return Fail(frames[at + 1].Length == 0 ? "missing signature" : "wrong signature", out error);

        var objects = new JsonObject[4];
        string[] names = ["header", "parent_header", "metadata", "content"];
        for (var i = 0; i < 4; i++)
        {
            try
            {
                objects[i] = JsonNode.Parse(json[i]) as JsonObject ?? throw new JsonException("not a JSON object");
                _ = objects[i].Count; // duplicate keys throw only when the object is first read: read it here
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
            {
                return Fail($"{names[i]} is not a JSON object: {e.Message}", out error);
            }
        }
        foreach (var field in new[] { "msg_id", "msg_type", "session" })
            if (objects[0][field] is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                return Fail($"header has no string '{field}'", out error);

        error = null;
        return new JupyterMessage
        {
            Identities = frames.Take(at).ToArray(),
            Header = objects[0], ParentHeader = objects[1], Metadata = objects[2], Content = objects[3],
            Signature = Encoding.ASCII.GetString(frames[at + 1]),
            Buffers = frames.Skip(at + 6).ToArray(),
        };
    }

    static JupyterMessage? Fail(string reason, out string? error)
    {
        error = reason;
        return null;
    }

    static byte[] Utf8(JsonObject o) => Encoding.UTF8.GetBytes(o.ToJsonString());
}
