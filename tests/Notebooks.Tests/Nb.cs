using AttentionCourse.TestSupport;
using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>Runs the real `nb` command line (the built nb.dll) and reads what it wrote.</summary>
static class Nb
{
    public static string Dll => typeof(AttentionCourse.Notebooks.Cli.Run.RunCommand).Assembly.Location;

    public static string FixturesFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string RepoRoot => Repository.Root;

    public sealed record Result(int Exit, string Out, string Err);

    public static Result Run(params string[] args)
    {
        var r = Processes.Run("dotnet", [Dll, .. args]);
        return new Result(r.Exit, r.Out, r.Err);
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
