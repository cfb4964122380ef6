using AttentionCourse.Notebooks.Cli.Kernel;

namespace AttentionCourse.Notebooks.Tests.Kernel;

public class ConnectionFileTests
{
    const string Valid = """
        {"shell_port": 50001, "iopub_port": 50002, "stdin_port": 50003, "control_port": 50004, "hb_port": 50005,
         "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "x"}
        """;

    [Fact]
    public void Reads_ports_key_and_endpoints()
    {
        var c = ConnectionFile.Parse(Valid);
        Assert.Equal((50001, 50002, 50003, 50004, 50005), (c.ShellPort, c.IopubPort, c.StdinPort, c.ControlPort, c.HbPort));
        Assert.Equal("abc", c.Key);
        Assert.Equal("tcp://127.0.0.1:50004", c.Endpoint(c.ControlPort));
    }

    [Fact]
    public void Unsupported_signature_scheme_is_a_clear_startup_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => ConnectionFile.Parse(Valid.Replace("hmac-sha256", "hmac-md5")));
        Assert.Contains("unsupported signature_scheme 'hmac-md5'", e.Message);
    }

    [Fact]
    public void Ipc_transport_is_refused()
    {
        var e = Assert.Throws<InvalidDataException>(() => ConnectionFile.Parse(Valid.Replace("\"tcp\"", "\"ipc\"")));
        Assert.Contains("transport 'ipc'", e.Message);
    }

    [Fact]
    public void Missing_port_and_bad_json_are_errors()
    {
        Assert.Contains("hb_port", Assert.Throws<InvalidDataException>(() => ConnectionFile.Parse(Valid.Replace("\"hb_port\": 50005,", ""))).Message);
        Assert.Throws<InvalidDataException>(() => ConnectionFile.Parse("{oops"));
    }

    [Fact]
    public void Defaults_to_localhost_when_ip_is_absent()
    {
        Assert.Equal("127.0.0.1", ConnectionFile.Parse(Valid.Replace("\"ip\": \"127.0.0.1\",", "")).Ip);
    }
}
