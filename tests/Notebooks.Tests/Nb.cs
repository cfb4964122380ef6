using AttentionCourse.TestSupport;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>Runs the real `nb` command line (the built nb.dll) and reads what it wrote.</summary>
static class Nb
{
    public static string Dll => typeof(AttentionCourse.Notebooks.Cli.Run.RunCommand).Assembly.Location;

    public static string FixturesFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string RepoRoot => Repository.Root;

    public sealed record Result(int Exit, string Out, string Err);

    public static Result Run(params string[] args) => RunWith(null, null, args);

    /// <summary>Runs nb with extra environment variables; past <paramref name="limit"/> it is killed and the exit is -999.</summary>
    public static Result RunWith(IDictionary<string, string>? env, TimeSpan? limit, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var err = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(limit ?? Timeout.InfiniteTimeSpan))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new Result(-999, output.Result, err.Result);
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, err.Result);
    }

    /// <summary>Writes a C# notebook with one code cell per entry of <paramref name="cells"/>; returns its path.</summary>
    public static string Write(string dir, string name, params string[] cells)
    {
        var notebook = new JsonObject
        {
            ["cells"] = new JsonArray(cells.Select(c => (JsonNode?)new JsonObject
            {
                ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = new JsonObject(),
                ["outputs"] = new JsonArray(), ["source"] = c,
            }).ToArray()),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
            },
            ["nbformat"] = 4, ["nbformat_minor"] = 5,
        };
        var path = Path.Combine(dir, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }

    /// <summary>A fresh folder holding copies of the named fixtures.</summary>
    public static string Workspace(params string[] fixtures)
    {
        var dir = Directory.CreateTempSubdirectory("nb-test-").FullName;
        foreach (var f in fixtures) File.Copy(Path.Combine(FixturesFolder, f), Path.Combine(dir, f));
        return dir;
    }

    public static JsonObject Read(string path) => (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;

    public static JsonArray CodeCells(JsonObject notebook) =>
        new(((JsonArray)notebook["cells"]!).Where(c => c!["cell_type"]!.GetValue<string>() == "code").Select(c => c!.DeepClone()).ToArray());

    public static JsonArray Outputs(JsonObject notebook, int cellNumber) => (JsonArray)CodeCells(notebook)[cellNumber - 1]!["outputs"]!;

    public static string Text(JsonNode? multiline) => multiline switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        null => "",
        _ => multiline.GetValue<string>(),
    };
}
