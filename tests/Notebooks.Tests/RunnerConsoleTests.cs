using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>What `nb run` says on its console: why a notebook failed, and long work's progress.</summary>
public class RunnerConsoleTests
{
    [Fact]
    public void Failing_cells_are_reported_on_the_console_with_notebook_cell_line_and_code_before_the_summary()
    {
        var dir = Nb.Workspace("errors.ipynb");
        var result = Nb.Run("run", Path.Combine(dir, "errors.ipynb"), "--output", dir + "/out", "--allow-errors");
        Assert.Equal(1, result.Exit);
        var summary = result.Out.IndexOf("notebook ", StringComparison.Ordinal);
        Assert.True(summary > 0, result.Out);
        var before = result.Out[..summary];
        Assert.Contains("errors.ipynb, cell 2, line 2, column 9: error CS0103", before);
        Assert.Contains("errors.ipynb, cell 2, line 3, column 12: error CS0029", before);
        Assert.Contains("errors.ipynb, cell 3, line 2: System.InvalidOperationException: boom", before);
        // The summary's last column holds the first error, on one line.
        Assert.Matches(@"errors\.ipynb\s+4\s+\S+\s+failed\s+cell 2, line 2, column 9: error CS0103", result.Out[summary..]);
        Assert.Contains("first error", result.Out[summary..]);
    }

    [Fact]
    public void An_unsupported_language_and_a_timeout_say_what_and_the_limit_on_the_console()
    {
        var dir = Nb.Workspace("unsupported-language.ipynb", "timeout.ipynb");
        var language = Nb.Run("run", Path.Combine(dir, "unsupported-language.ipynb"), "--output", dir + "/out");
        Assert.Contains("unsupported-language.ipynb, cell 1, line 1", language.Out);
        Assert.Contains("'fsharp'", language.Out);

        var timeout = Nb.Run("run", Path.Combine(dir, "timeout.ipynb"), "--output", dir + "/out", "--timeout", "4");
        Assert.Contains("timeout.ipynb, cell 2 did not finish within 4 s", timeout.Out);
    }

    [Fact]
    public void A_deep_traceback_is_cut_to_at_most_15_lines_on_the_console()
    {
        var dir = Nb.Workspace();
        var path = Nb.Write(dir, "deep.ipynb",
            "int F(int n) => n == 0 ? throw new InvalidOperationException(\"deep\") : F(n - 1) + 1;\nF(40)");
        var result = Nb.Run("run", path, "--output", dir + "/out");
        Assert.Equal(1, result.Exit);
        Assert.Contains("deep.ipynb, cell 1, line 1: System.InvalidOperationException: deep", result.Out);
        var frames = result.Out.Split('\n').Count(l => l.TrimStart().StartsWith("at deep.ipynb", StringComparison.Ordinal));
        Assert.InRange(frames, 1, 15);
        // The executed copy keeps the whole traceback.
        var stored = (JsonArray)Nb.Outputs(Nb.Read(Path.Combine(dir, "out", "deep.ipynb")), 1).Single()!["traceback"]!;
        Assert.True(stored.Count > 40);
    }

    const string Progress = """
        for (var i = 0; i < 300; i++) { Console.Write($"\rstep {i} of 300"); System.Threading.Thread.Sleep(10); }
        Console.Write("\rdone: 300 steps\n");
        Console.WriteLine("after");
        """;

    [Fact]
    public void In_place_progress_keeps_only_its_final_line_in_the_notebook_and_a_few_lines_on_the_console()
    {
        var dir = Nb.Workspace();
        var path = Nb.Write(dir, "progress.ipynb", Progress);
        var result = Nb.RunWith(new Dictionary<string, string> { ["NB_PROGRESS_SECONDS"] = "1" }, null, "run", path, "--output", dir + "/out");
        Assert.True(result.Exit == 0, result.Out + result.Err);
        var stream = Nb.Outputs(Nb.Read(Path.Combine(dir, "out", "progress.ipynb")), 1).Single()!;
        Assert.Equal("done: 300 steps\nafter\n", Nb.Text(stream["text"]));

        var shown = result.Out.Split('\n').Where(l => l.Contains("step ", StringComparison.Ordinal) && l.Contains("of 300", StringComparison.Ordinal)).ToList();
        // About one line per second of the cell (NB_PROGRESS_SECONDS=1; ~3 s idle, longer on a loaded
        // machine), never one per write (300).
        Assert.InRange(shown.Count, 1, 30);
        Assert.All(shown, l => Assert.Contains("progress.ipynb", l));
        Assert.DoesNotContain('\r', result.Out);
    }
}
