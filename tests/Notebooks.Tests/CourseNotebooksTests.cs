using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AttentionCourse.Notebooks.Ipynb;

namespace Notebooks.Tests;

/// <summary>The course's own notebooks: they run headless, their committed outputs match their source, and they stay portable.</summary>
public partial class CourseNotebooksTests
{
    static string NotebooksFolder => Path.Combine(Nb.RepoRoot, "notebooks");

    public static TheoryData<string> CourseNotebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(NotebooksFolder, "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Fact]
    public void Every_course_notebook_runs_headless_without_an_error()
    {
        var output = Directory.CreateTempSubdirectory("course-run-").FullName;
        var result = Nb.Run("run", NotebooksFolder, "--output", output);
        Assert.True(result.Exit == 0, $"nb run notebooks failed:\n{result.Out}\n{result.Err}");
        var executed = Directory.EnumerateFiles(output, "*.ipynb").ToList();
        Assert.NotEmpty(executed);
        foreach (var path in executed)
            Assert.Empty(Errors(Nb.Read(path)));
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks))]
    public void Committed_outputs_come_from_the_current_source_and_show_no_error(string notebook)
    {
        var json = Nb.Read(Path.Combine(NotebooksFolder, notebook));
        Assert.Empty(Errors(json));
        foreach (var cell in Nb.CodeCells(json))
        {
            var source = Nb.Text(cell!["source"]);
            if (string.IsNullOrWhiteSpace(source)) continue;
            var recorded = cell["metadata"]?["course"]?["source_sha256"]?.GetValue<string>();
            Assert.True(recorded == NotebookDocument.SourceHash(source),
                $"{notebook}: a cell's committed outputs do not come from its current source; run `dotnet run --project engine/nb -- run notebooks/{notebook} --in-place`.\n{source}");
        }
    }

    [Theory]
    [MemberData(nameof(CourseNotebooks))]
    public void Notebooks_keep_to_what_Polyglot_Notebooks_also_runs(string notebook)
    {
        var json = Nb.Read(Path.Combine(NotebooksFolder, notebook));
        Assert.Equal(".net-csharp", json["metadata"]?["kernelspec"]?["name"]?.GetValue<string>());
        Assert.Matches(@"^\d\d-[a-z0-9-]+\.ipynb$", notebook);
        foreach (var cell in Nb.CodeCells(json))
        {
            var source = Nb.Text(cell!["source"]);
            Assert.DoesNotMatch(@"(?m)^\s*#!(?!csharp)", source);
            Assert.DoesNotContain("Console.ReadLine", source);
            Assert.DoesNotMatch(@"\.Show\(\)", source);
            foreach (Match r in ReferenceLine().Matches(source))
            {
                var target = r.Groups[1].Value;
                if (target.StartsWith("nuget:", StringComparison.Ordinal))
                    Assert.Matches(@"^nuget:\s*[\w.\-]+\s*,\s*\d[\w.\-]*$", target);
                else
                    Assert.False(Path.IsPathRooted(target), $"{notebook}: #r \"{target}\" is absolute; use a path relative to the notebook.");
            }
        }
    }

    static IEnumerable<JsonNode> Errors(JsonObject notebook) =>
        Nb.CodeCells(notebook).SelectMany(c => (JsonArray)c!["outputs"]!).Where(o => o!["output_type"]!.GetValue<string>() == "error")!;

    [GeneratedRegex("""(?m)^\s*#r\s+"([^"]*)"\s*$""")]
    private static partial Regex ReferenceLine();
}
