using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Notebooks.Tests;

public class RunnerTests
{
    static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Good_notebook_runs_every_cell_with_outputs_stored_like_VS_Code()
    {
        var dir = Nb.Workspace("good.ipynb");
        var source = Path.Combine(dir, "good.ipynb");
        var before = Hash(source);
        var result = Nb.Run("run", source, "--output", Path.Combine(dir, "out"));
        Assert.True(result.Exit == 0, result.Out + result.Err);
        Assert.Equal(before, Hash(source));

        var nb = Nb.Read(Path.Combine(dir, "out", "good.ipynb"));
        var cells = Nb.CodeCells(nb);
        Assert.Equal(new int?[] { 1, 2, 3, 4, 5, 6, 7 }, cells.Select(c => c!["execution_count"]?.GetValue<int?>()));

        var first = Nb.Outputs(nb, 1);
        Assert.Equal("stream", first[0]!["output_type"]!.GetValue<string>());
        Assert.Equal("stdout", first[0]!["name"]!.GetValue<string>());
        Assert.Equal("hello\n", Nb.Text(first[0]!["text"]));
        Assert.Equal("stderr", first[1]!["name"]!.GetValue<string>());

        var trailing = Nb.Outputs(nb, 2).Single()!;
        Assert.Equal("display_data", trailing["output_type"]!.GetValue<string>());
        Assert.Contains("<pre>5</pre>", Nb.Text(trailing["data"]!["text/html"]));

        var displays = Nb.Outputs(nb, 3);
        Assert.Equal(3, displays.Count);
        Assert.Equal("shown as text", Nb.Text(displays[0]!["data"]!["text/plain"]));
        Assert.Contains("[ 1, 2, 3 ]", Nb.Text(displays[1]!["data"]!["text/html"]));
        Assert.Equal("<b>bold</b>", Nb.Text(displays[2]!["data"]!["text/html"]));

        Assert.Equal("stream", Nb.Outputs(nb, 4).Single()!["output_type"]!.GetValue<string>());
        Assert.Contains("True", Nb.Text(Nb.Outputs(nb, 5).Single()!["data"]!["text/html"]));
        Assert.Contains(Path.GetFileName(dir), Nb.Text(Nb.Outputs(nb, 6).Single()!["data"]!["text/plain"]));
        Assert.Equal("<null>", Nb.Text(Nb.Outputs(nb, 7).Single()!["data"]!["text/plain"]));
    }

    [Fact]
    public void Each_executed_cell_records_the_hash_of_its_source()
    {
        var dir = Nb.Workspace("good.ipynb");
        Nb.Run("run", Path.Combine(dir, "good.ipynb"), "--output", Path.Combine(dir, "out"));
        foreach (var cell in Nb.CodeCells(Nb.Read(Path.Combine(dir, "out", "good.ipynb"))))
        {
            var expected = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Nb.Text(cell!["source"]))));
            Assert.Equal(expected, cell["metadata"]!["course"]!["source_sha256"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Compile_errors_list_every_diagnostic_with_cell_and_line_and_earlier_state_survives_an_exception()
    {
        var dir = Nb.Workspace("errors.ipynb");
        var result = Nb.Run("run", Path.Combine(dir, "errors.ipynb"), "--output", dir + "/out", "--allow-errors");
        Assert.Equal(1, result.Exit);
        var nb = Nb.Read(Path.Combine(dir, "out", "errors.ipynb"));

        var compile = Nb.Outputs(nb, 2).Single()!;
        Assert.Equal("error", compile["output_type"]!.GetValue<string>());
        var lines = ((JsonArray)compile["traceback"]!).Select(l => l!.GetValue<string>()).ToList();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("errors.ipynb, cell 2, line 2, column 9: error CS0103", lines[0]);
        Assert.StartsWith("errors.ipynb, cell 2, line 3, column 12: error CS0029", lines[1]);

        var thrown = Nb.Outputs(nb, 3).Single()!;
        Assert.Equal("System.InvalidOperationException", thrown["ename"]!.GetValue<string>());
        Assert.Equal("boom", thrown["evalue"]!.GetValue<string>());
        var trace = ((JsonArray)thrown["traceback"]!).Select(l => l!.GetValue<string>()).ToList();
        Assert.Contains(trace, l => l.Contains("errors.ipynb cell 3, line 2", StringComparison.Ordinal));
        Assert.DoesNotContain(trace, l => l.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal));

        // Variables declared before the throw, and by earlier cells, stay usable.
        Assert.Contains("<pre>21</pre>", Nb.Text(Nb.Outputs(nb, 4).Single()!["data"]!["text/html"]));
    }

    [Fact]
    public void Without_allow_errors_execution_stops_at_the_first_failing_cell()
    {
        var dir = Nb.Workspace("errors.ipynb");
        var result = Nb.Run("run", Path.Combine(dir, "errors.ipynb"), "--output", dir + "/out");
        Assert.Equal(1, result.Exit);
        var cells = Nb.CodeCells(Nb.Read(Path.Combine(dir, "out", "errors.ipynb")));
        Assert.Equal(2, cells[1]!["execution_count"]!.GetValue<int>());
        Assert.Null(cells[2]!["execution_count"]);
        Assert.Empty((JsonArray)cells[2]!["outputs"]!);
        Assert.Empty((JsonArray)cells[3]!["outputs"]!);
    }

    [Theory]
    [InlineData("unsupported-magic.ipynb", 2, "unsupported-magic.ipynb, cell 2, line 2", "#!time")]
    [InlineData("unsupported-language.ipynb", 1, "unsupported-language.ipynb, cell 1, line 1", "fsharp")]
    public void Other_languages_and_magic_commands_are_errors_naming_notebook_cell_and_line(string fixture, int cell, string where, string what)
    {
        var dir = Nb.Workspace(fixture);
        var result = Nb.Run("run", Path.Combine(dir, fixture), "--output", dir + "/out");
        Assert.Equal(1, result.Exit);
        var error = Nb.Outputs(Nb.Read(Path.Combine(dir, "out", fixture)), cell).Single()!;
        var message = error["evalue"]!.GetValue<string>();
        Assert.Contains(where, message);
        Assert.Contains(what, message);
    }

    [Fact]
    public void A_cell_over_its_time_limit_is_stopped_and_later_cells_still_see_earlier_state()
    {
        var dir = Nb.Workspace("timeout.ipynb");
        var result = Nb.Run("run", Path.Combine(dir, "timeout.ipynb"), "--output", dir + "/out", "--timeout", "2", "--allow-errors");
        Assert.Equal(1, result.Exit);
        var nb = Nb.Read(Path.Combine(dir, "out", "timeout.ipynb"));
        Assert.Equal("TimeoutError", Nb.Outputs(nb, 2).Single()!["ename"]!.GetValue<string>());
        Assert.Contains("<pre>2</pre>", Nb.Text(Nb.Outputs(nb, 3).Single()!["data"]!["text/html"]));
    }

    [Fact]
    public void A_cell_blocked_outside_managed_loops_is_stopped_by_killing_its_process()
    {
        var dir = Nb.Workspace("blocking-timeout.ipynb");
        var result = Nb.Run("run", Path.Combine(dir, "blocking-timeout.ipynb"), "--output", dir + "/out", "--timeout", "1");
        Assert.Equal(1, result.Exit);
        var nb = Nb.Read(Path.Combine(dir, "out", "blocking-timeout.ipynb"));
        Assert.Equal("TimeoutError", Nb.Outputs(nb, 1).Single()!["ename"]!.GetValue<string>());
        Assert.Empty(Nb.Outputs(nb, 2));
    }

    [Fact]
    public void A_notebook_that_crashes_its_process_keeps_earlier_results_and_does_not_lose_the_others()
    {
        var dir = Nb.Workspace("crash.ipynb", "good.ipynb");
        var result = Nb.Run("run", dir, "--output", dir + "/out");
        Assert.Equal(1, result.Exit);
        var crashed = Nb.Read(Path.Combine(dir, "out", "crash.ipynb"));
        Assert.Equal("before the crash", Nb.Text(Nb.Outputs(crashed, 1).Single()!["data"]!["text/plain"]));
        Assert.Equal("ProcessCrashed", Nb.Outputs(crashed, 2).Single()!["ename"]!.GetValue<string>());
        Assert.Empty(Nb.Outputs(crashed, 3));
        Assert.Equal(7, Nb.CodeCells(Nb.Read(Path.Combine(dir, "out", "good.ipynb"))).Count(c => c!["execution_count"] is not null));
        Assert.Matches(@"crash\.ipynb\s+3\s+\S+\s+failed", result.Out);
        Assert.Matches(@"good\.ipynb\s+7\s+\S+\s+ok", result.Out);
    }

    [Fact]
    public void Executing_an_unchanged_notebook_twice_gives_identical_bytes()
    {
        var dir = Nb.Workspace("good.ipynb", "errors.ipynb");
        Nb.Run("run", dir, "--output", dir + "/one", "--allow-errors");
        Nb.Run("run", dir, "--output", dir + "/two", "--allow-errors");
        foreach (var name in new[] { "good.ipynb", "errors.ipynb" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "one", name)), File.ReadAllBytes(Path.Combine(dir, "two", name)));
    }

    [Theory]
    [InlineData("malformed.ipynb", "malformed JSON at line 1")]
    [InlineData("nbformat3.ipynb", "nbformat 3 is not supported")]
    [InlineData("python-kernel.ipynb", "kernel 'python3' is not a C# kernel")]
    [InlineData("missing.ipynb", "no such notebook")]
    public void Input_errors_exit_2_with_one_line_and_write_no_output(string fixture, string message)
    {
        var dir = fixture == "missing.ipynb" ? Nb.Workspace() : Nb.Workspace(fixture);
        var result = Nb.Run("run", Path.Combine(dir, fixture), "--output", dir + "/out");
        Assert.Equal(2, result.Exit);
        var line = Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line);
        Assert.Contains(fixture, line);
        Assert.False(File.Exists(Path.Combine(dir, "out", fixture)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("run")]
    [InlineData("run x.ipynb --bogus")]
    [InlineData("run x.ipynb --timeout soon")]
    public void Usage_errors_exit_2(string args)
    {
        var result = Nb.Run(args.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(2, result.Exit);
        Assert.NotEmpty(result.Err.Trim());
    }

    [Fact]
    public void An_empty_notebook_succeeds_and_is_written()
    {
        var dir = Nb.Workspace("empty.ipynb");
        Assert.Equal(0, Nb.Run("run", Path.Combine(dir, "empty.ipynb"), "--output", dir + "/out").Exit);
        Assert.Empty((JsonArray)Nb.Read(Path.Combine(dir, "out", "empty.ipynb"))["cells"]!);
    }

    [Fact]
    public void In_place_replaces_the_source_only_when_it_succeeded_or_errors_are_allowed()
    {
        var dir = Nb.Workspace("good.ipynb", "errors.ipynb");
        var good = Path.Combine(dir, "good.ipynb");
        var errors = Path.Combine(dir, "errors.ipynb");
        var errorsBefore = Hash(errors);

        Assert.Equal(0, Nb.Run("run", good, "--in-place").Exit);
        Assert.Equal(1, Nb.CodeCells(Nb.Read(good))[0]!["execution_count"]!.GetValue<int>());

        Assert.Equal(1, Nb.Run("run", errors, "--in-place").Exit);
        Assert.Equal(errorsBefore, Hash(errors));

        Assert.Equal(1, Nb.Run("run", errors, "--in-place", "--allow-errors").Exit);
        Assert.NotEqual(errorsBefore, Hash(errors));
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }
}
