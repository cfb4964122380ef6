using System.Text;
using System.Text.Json.Nodes;
using AttentionCourse.Notebooks.Cli.Kernel;

namespace AttentionCourse.Notebooks.Tests.Kernel;

public class JupyterMessageTests
{
    static readonly MessageSigner Signer = new(MessageSignerTests.Key);
    static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>A request as a client puts it on the wire, signed with the test vector.</summary>
    static List<byte[]> Wire(params byte[][] identities) =>
        [.. identities, B("<IDS|MSG>"), B(MessageSignerTests.Expected), .. MessageSignerTests.Frames()];

    [Fact]
    public void Decodes_identities_header_and_content_of_a_signed_request()
    {
        var message = JupyterMessage.Decode(Wire(B("client-1"), B("client-2")), Signer, out var error);
        Assert.Null(error);
        Assert.NotNull(message);
        Assert.Equal("kernel_info_request", message.MsgType);
        Assert.Equal("a1", message.MsgId);
        Assert.Equal(["client-1", "client-2"], message.Identities.Select(Encoding.UTF8.GetString));
        Assert.Empty(message.Content);
    }

    [Fact]
    public void Encoded_reply_carries_identities_parent_header_and_a_valid_signature()
    {
        var request = JupyterMessage.Decode(Wire(B("client-1")), Signer, out _)!;
        var reply = JupyterMessage.Create("kernel_info_reply", new JsonObject { ["status"] = "ok" }, "kernel-session", request, request.Identities);
        var frames = reply.Encode(Signer);

        Assert.Equal("client-1", Encoding.UTF8.GetString(frames[0]));
        Assert.Equal("<IDS|MSG>", Encoding.UTF8.GetString(frames[1]));
        Assert.True(Signer.Verify(Encoding.ASCII.GetString(frames[2]), frames.Skip(3).Take(4).ToArray()));
        var decoded = JupyterMessage.Decode(frames, Signer, out _)!;
        Assert.Equal("a1", (string)decoded.ParentHeader["msg_id"]!);
        Assert.Equal("5.3", (string)decoded.Header["version"]!);
        Assert.EndsWith("Z", (string)decoded.Header["date"]!);
        Assert.True(DateTime.TryParse((string)decoded.Header["date"]!, out _));
    }

    [Fact]
    public void Message_with_wrong_signature_is_dropped()
    {
        var frames = Wire();
        frames[1] = B(new MessageSigner("wrong-key").Sign(MessageSignerTests.Frames()));
        Assert.Null(JupyterMessage.Decode(frames, Signer, out var error));
        Assert.Equal("wrong signature", error);
    }

    [Fact]
    public void Message_without_signature_is_dropped()
    {
        var frames = Wire();
        frames[1] = [];
        Assert.Null(JupyterMessage.Decode(frames, Signer, out var error));
        Assert.Equal("missing signature", error);
    }

    [Fact]
    public void Message_without_delimiter_is_dropped()
    {
        var frames = Wire();
        frames.RemoveAt(0);
        Assert.Null(JupyterMessage.Decode(frames, Signer, out var error));
        Assert.Contains("delimiter", error);
    }

    [Fact]
    public void Message_with_missing_frames_is_dropped()
    {
        var frames = Wire();
        frames.RemoveAt(frames.Count - 1);
        Assert.Null(JupyterMessage.Decode(frames, Signer, out var error));
        Assert.Contains("4 JSON frames", error);
    }

    [Fact]
    public void Message_with_bad_json_is_dropped()
    {
        var empty = new MessageSigner("");
        List<byte[]> frames = [B("<IDS|MSG>"), [], B("{not json"), B("{}"), B("{}"), B("{}")];
        Assert.Null(JupyterMessage.Decode(frames, empty, out var error));
        Assert.Contains("header is not a JSON object", error);

        frames[5] = B("[1, 2]");
        frames[2] = B(MessageSignerTests.Header);
        Assert.Null(JupyterMessage.Decode(frames, empty, out error));
        Assert.Contains("content is not a JSON object", error);
    }

    [Theory]
    [InlineData("""{"msg_id":"a","session":"s"}""", "msg_type")]
    [InlineData("""{"msg_type":"execute_request","session":"s"}""", "msg_id")]
    [InlineData("""{"msg_id":"a","msg_type":42,"session":"s"}""", "msg_type")]
    public void Message_with_missing_header_fields_is_dropped(string header, string missing)
    {
        var signer = new MessageSigner(MessageSignerTests.Key);
        var json = MessageSignerTests.Frames(header);
        List<byte[]> frames = [B("<IDS|MSG>"), B(signer.Sign(json)), .. json];
        Assert.Null(JupyterMessage.Decode(frames, signer, out var error));
        Assert.Contains(missing, error);
    }
}
