using System.Text.Json;

namespace AttentionCourse.Notebooks.Cli.Kernel;

/// <summary>
/// The connection file a Jupyter front end writes before starting a kernel: where to bind the five
/// channels and the key that signs every message. Only <c>tcp</c> and <c>hmac-sha256</c> are
/// supported; anything else is a startup error, never a silent fallback.
/// </summary>
internal sealed record ConnectionFile(
    string Transport, string Ip,
    int ShellPort, int IopubPort, int StdinPort, int ControlPort, int HbPort,
    string Key, string SignatureScheme)
{
    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a usable connection file.</exception>
    public static ConnectionFile Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"connection file not found: {path}");
        return Parse(File.ReadAllText(path));
    }

    /// <summary>Parses and validates a connection file's JSON.</summary>
    /// <exception cref="InvalidDataException">Missing ports, bad JSON, or an unsupported transport or scheme.</exception>
    public static ConnectionFile Parse(string json)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(json).RootElement; }
        catch (JsonException e) { throw new InvalidDataException($"connection file is not JSON: {e.Message}"); }
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException("connection file is not a JSON object");

        var transport = String(root, "transport") ?? "tcp";
        if (transport != "tcp")
            throw new InvalidDataException($"unsupported transport '{transport}': this kernel (NetMQ) supports only tcp");
        var scheme = String(root, "signature_scheme") ?? "hmac-sha256";
        if (scheme != "hmac-sha256")
            throw new InvalidDataException($"unsupported signature_scheme '{scheme}': only hmac-sha256 is supported");

        return new ConnectionFile(
            transport, String(root, "ip") ?? "127.0.0.1",
            Port(root, "shell_port"), Port(root, "iopub_port"), Port(root, "stdin_port"),
            Port(root, "control_port"), Port(root, "hb_port"),
            String(root, "key") ?? "", scheme);
    }

    /// <summary>The ZeroMQ endpoint for one channel, e.g. <c>tcp://127.0.0.1:5555</c>.</summary>
    public string Endpoint(int port) => $"{Transport}://{Ip}:{port}";

    static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    static int Port(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var port) && port is > 0 and < 65536
            ? port
            : throw new InvalidDataException($"connection file has no valid '{name}'");
}
