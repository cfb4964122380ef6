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

    [Theory]
    [MemberData(nameof(CourseNotebooks))]
    public void Every_relative_link_in_a_notebook_names_a_file_that_exists(string notebook)
    {
        var json = Nb.Read(Path.Combine(NotebooksFolder, notebook));
        var markdown = ((JsonArray)json["cells"]!).Where(c => c!["cell_type"]!.GetValue<string>() == "markdown");
        var broken = markdown.SelectMany(c => MissingLinkTargets(Nb.Text(c!["source"]), NotebooksFolder)).ToList();
        Assert.True(broken.Count == 0, $"{notebook} links to files that do not exist: {string.Join(", ", broken)}");
    }

    [Fact]
    public void Every_relative_link_in_the_README_names_a_file_that_exists()
    {
        var broken = MissingLinkTargets(File.ReadAllText(Path.Combine(Nb.RepoRoot, "README.md")), Nb.RepoRoot).ToList();
        Assert.True(broken.Count == 0, $"README.md links to files that do not exist: {string.Join(", ", broken)}");
    }

    /// <summary>Targets of Markdown links <c>[text](target)</c> that are neither URLs nor anchors and name no file or folder below <paramref name="folder"/>.</summary>
    static IEnumerable<string> MissingLinkTargets(string markdown, string folder) =>
        MarkdownLink().Matches(markdown).Select(m => m.Groups[1].Value)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith('#') && !t.StartsWith("mailto:", StringComparison.Ordinal))
            .Where(t => { var path = Path.Combine(folder, t.Split('#')[0]); return !File.Exists(path) && !Directory.Exists(path); });

    static IEnumerable<JsonNode> Errors(JsonObject notebook) =>
        Nb.CodeCells(notebook).SelectMany(c => (JsonArray)c!["outputs"]!).Where(o => o!["output_type"]!.GetValue<string>() == "error")!;

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex("""(?m)^\s*#r\s+"([^"]*)"\s*$""")]
    private static partial Regex ReferenceLine();
}
