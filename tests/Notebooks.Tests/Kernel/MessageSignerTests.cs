using System.Text;
using AttentionCourse.Notebooks.Cli.Kernel;

namespace AttentionCourse.Notebooks.Tests.Kernel;

public class MessageSignerTests
{
    // The vector was computed independently of this code, by both
    //   printf '%s' "$HEADER{}{}{}" | openssl dgst -sha256 -hmac 'course-secret-key'
    // and Python's hmac.new(key, b''.join(frames), hashlib.sha256).hexdigest().
    internal const string Key = "course-secret-key";
    internal const string Header = """{"msg_id":"a1","msg_type":"kernel_info_request","session":"s1","username":"u","date":"2026-01-01T00:00:00Z","version":"5.3"}""";
    internal const string Expected = "536b46cfb80de746a0a857052700ed2e4b6fbaf8eb9eb4e377d99bf6952ee7ff";

    internal static byte[][] Frames(string header = Header) => [.. new[] { header, "{}", "{}", "{}" }.Select(Encoding.UTF8.GetBytes)];

    [Fact]
    public void Signature_matches_openssl_and_python_hmac_sha256()
    {
        Assert.Equal(Expected, new MessageSigner(Key).Sign(Frames()));
    }

    [Fact]
    public void Correct_signature_verifies_in_either_hex_case()
    {
        var signer = new MessageSigner(Key);
        Assert.True(signer.Verify(Expected, Frames()));
        Assert.True(signer.Verify(Expected.ToUpperInvariant(), Frames()));
    }

    [Theory]
    [InlineData("")]                       // missing
    [InlineData("not hex at all")]         // garbage
    [InlineData("536b46cf")]               // truncated
    [InlineData("636b46cfb80de746a0a857052700ed2e4b6fbaf8eb9eb4e377d99bf6952ee7ff")] // one nibble off
    public void Missing_or_wrong_signature_is_rejected(string signature)
    {
        Assert.False(new MessageSigner(Key).Verify(signature, Frames()));
    }

    [Fact]
    public void Signature_of_tampered_content_is_rejected()
    {
        var tampered = Frames();
        tampered[3] = Encoding.UTF8.GetBytes("""{"code":"x"}""");
        Assert.False(new MessageSigner(Key).Verify(Expected, tampered));
    }

    [Fact]
    public void Signature_made_with_another_key_is_rejected()
    {
        var other = new MessageSigner("another-key").Sign(Frames());
        Assert.False(new MessageSigner(Key).Verify(other, Frames()));
    }

    [Fact]
    public void Empty_key_means_no_signing()
    {
        var signer = new MessageSigner("");
        Assert.False(signer.Enabled);
        Assert.Equal("", signer.Sign(Frames()));
        Assert.True(signer.Verify("", Frames()));
    }
}
