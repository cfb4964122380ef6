using System.Security.Cryptography;
using System.Text;

namespace AttentionCourse.Notebooks.Cli.Kernel;

/// <summary>
/// Jupyter message authentication: HMAC-SHA256 with the connection file's key over the four JSON
/// frames header, parent_header, metadata, content (in that order), sent as lowercase hex.
/// An empty key turns signing off, as the protocol allows: the signature frame is then empty
/// and not checked.
/// </summary>
internal sealed class MessageSigner
{
    readonly byte[] _key;

    /// <summary>Signs with <paramref name="key"/> (UTF-8 bytes of the connection file's <c>key</c>).</summary>
    public MessageSigner(string key) => _key = Encoding.UTF8.GetBytes(key);

    /// <summary>False when the key is empty: messages are neither signed nor checked.</summary>
    public bool Enabled => _key.Length > 0;

    /// <summary>The hex signature of the four JSON frames, or "" when signing is off.</summary>
    public string Sign(IReadOnlyList<byte[]> jsonFrames) =>
        Enabled ? Convert.ToHexStringLower(Compute(jsonFrames)) : "";

    /// <summary>
    /// Whether <paramref name="signature"/> (hex) matches the frames. Compared in constant time so
    /// the time taken does not reveal how many leading bytes were right.
    /// </summary>
    public bool Verify(string signature, IReadOnlyList<byte[]> jsonFrames)
    {
        if (!Enabled) return true;
        byte[] given;
        try { given = Convert.FromHexString(signature); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(given, Compute(jsonFrames));
    }

    byte[] Compute(IReadOnlyList<byte[]> jsonFrames)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        foreach (var frame in jsonFrames) hmac.AppendData(frame);
        return hmac.GetHashAndReset();
    }
}
