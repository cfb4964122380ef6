using AttentionCourse.TestSupport;
using System.Diagnostics;
using System.Text.Json.Nodes;
using AttentionCourse.Notebooks.Cli.Kernel;

namespace AttentionCourse.Notebooks.Tests.Kernel;

/// <summary>
/// The kernel process, with the real engine, driven by Debian's Jupyter client (jupyter_client,
/// nbclient) through tests/Notebooks.Tests/Kernel/kernel_e2e.py. The kernelspec is installed into
/// a temporary --prefix by <c>nb kernel install</c>, so the installer is covered as well.
/// </summary>
public class KernelEndToEndTests
{
    static readonly string KernelDir = Repository.Path("tests", "Notebooks.Tests", "Kernel");
    static readonly string NbDll = typeof(KernelCommand).Assembly.Location;

    static (int Exit, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var r = Processes.Run(file, args, TimeSpan.FromMinutes(3));
        return (r.Exit, r.Out, r.Err);
    }

    /// <summary>Runs one scenario of kernel_e2e.py and returns its JSON; fails clearly if the Debian packages are missing.</summary>
    static JsonNode Scenario(params string[] args)
    {
        Assert.True(File.Exists("/usr/bin/python3"), "/usr/bin/python3 is missing: apt-get install -y python3 python3-jupyter-client python3-nbclient python3-nbformat");
        var (exit, stdout, stderr) = Run("/usr/bin/python3", [Path.Combine(KernelDir, "kernel_e2e.py"), NbDll, .. args]);
        Assert.True(exit == 0, $"kernel_e2e.py {string.Join(' ', args)} exited with {exit}:\n{stderr}");
        return JsonNode.Parse(stdout.Trim().Split('\n')[^1])!;
    }

    [Fact]
    public void Heartbeat_echoes_ping()
    {
        var result = Scenario("heartbeat");
        Assert.Equal("ping", (string?)result["echo"]);
        Assert.True((bool)result["beating"]!);
    }

    [Fact]
    public void Execute_request_signed_with_a_wrong_key_is_not_executed()
    {
        var result = Scenario("wrong_key");
        Assert.False((bool)result["forged_answered"]!);
        Assert.Equal("error", (string)result["check"]!);
        Assert.Contains("CS0103: The name 'pwned' does not exist", (string)result["check_error"]!);
        Assert.Contains("<pre>5</pre>", (string)result["alive"]!);
    }

    [Fact]
    public void Interrupt_stops_an_endless_loop_and_earlier_state_survives()
    {
        var result = Scenario("interrupt");
        Assert.Equal("ok", (string)result["before"]!);
        Assert.Equal("error", (string)result["interrupted"]!);
        Assert.Equal("KeyboardInterrupt", (string)result["ename"]!);
        Assert.Equal("ok", (string)result["after"]!);
        Assert.Contains("<pre>6</pre>", (string)result["after_value"]!);
    }

    [Fact]
    public void Restart_starts_a_new_process_with_fresh_state()
    {
        var result = Scenario("restart");
        Assert.True((bool)result["pid_changed"]!);
        Assert.Equal("error", (string)result["old_state"]!);
        Assert.Equal("ok", (string)result["fresh"]!);
        Assert.Contains("<pre>2</pre>", (string)result["fresh_value"]!);
        Assert.Equal(2, (int)result["execution_count"]!);
    }

    [Fact]
    public void Nbclient_runs_the_fixture_notebook_like_the_headless_runner()
    {
        var fixture = Path.Combine(KernelDir, "fixture.ipynb");
        var kernel = Scenario("notebook", fixture)["cells"]!.AsArray();

        var outputDir = Directory.CreateTempSubdirectory("nb-run-").FullName;
        try
        {
            var (_, _, stderr) = Run("dotnet", NbDll, "run", fixture, "--output", outputDir, "--allow-errors");
            var executed = Path.Combine(outputDir, "fixture.ipynb");
            Assert.True(File.Exists(executed), $"nb run wrote no notebook:\n{stderr}");
            var runner = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray()
                .Where(c => (string)c!["cell_type"]! == "code").ToArray();

            Assert.Equal(runner.Length, kernel.Count);
            for (var i = 0; i < runner.Length; i++)
            {
                Assert.Equal(i + 1, (int)kernel[i]!["execution_count"]!);
                Assert.Equal(Normalize(runner[i]!["outputs"]!.AsArray()), Normalize(kernel[i]!["outputs"]!.AsArray()));
            }
            // Spot-check the content too, so agreeing on nothing cannot pass.
            Assert.Equal("""[{"output_type":"stream","name":"stdout","text":"hello world\n"}]""", Normalize(kernel[0]!["outputs"]!.AsArray()));
            Assert.Contains("HELLO", Normalize(kernel[2]!["outputs"]!.AsArray()));
            Assert.Contains("\"evalue\":\"boom\"", Normalize(kernel[3]!["outputs"]!.AsArray()));
        }
        finally
        {
            Directory.Delete(outputDir, recursive: true);
        }
    }

    /// <summary>
    /// Outputs in a comparable form: consecutive stream writes merged, multi-line strings joined,
    /// and execute_result read as display_data (a Jupyter kernel sends trailing values as
    /// execute_result; the runner stores them as VS Code does, as display_data).
    /// </summary>
    static string Normalize(JsonArray outputs)
    {
        static string Join(JsonNode? node) => node is JsonArray a ? string.Concat(a.Select(n => (string)n!)) : (string?)node ?? "";
        var result = new JsonArray();
        foreach (var output in outputs)
        {
            var type = (string)output!["output_type"]!;
            switch (type)
            {
                case "stream":
                    var name = (string)output["name"]!;
                    if (result.LastOrDefault() is JsonObject last && (string)last["output_type"]! == "stream" && (string)last["name"]! == name)
                        last["text"] = (string)last["text"]! + Join(output["text"]);
                    else
                        result.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = Join(output["text"]) });
                    break;
                case "display_data" or "execute_result":
                    var data = new JsonObject();
                    foreach (var (mime, value) in output["data"]!.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal)) data[mime] = Join(value);
                    result.Add(new JsonObject { ["output_type"] = "display_data", ["data"] = data });
                    break;
                case "error":
                    result.Add(new JsonObject
                    {
                        ["output_type"] = "error", ["ename"] = (string)output["ename"]!, ["evalue"] = (string)output["evalue"]!,
                        ["traceback"] = new JsonArray(output["traceback"]!.AsArray().Select(t => (JsonNode?)(string)t!).ToArray()),
                    });
                    break;
            }
        }
        return result.ToJsonString();
    }
}
