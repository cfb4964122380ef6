using System.Diagnostics;
using AttentionCourse.Notebooks;
using AttentionCourse.Notebooks.Ipynb;

namespace Notebooks.Tests;

/// <summary>The engine's side of the contracts with the course library: interrupt, progress, displays.</summary>
[Collection("session")]
public class SessionContractTests
{
    // A loop the engine cannot instrument (it runs inside Enumerable.All, compiled library code) that
    // polls the process-wide cell token as the course library's training loop does.
    const string LibraryLikeLoop = """
        Enumerable.Range(0, int.MaxValue).All(step =>
        {
            if (AppContext.GetData("Notebooks.CellCancellation") is System.Threading.CancellationToken t && t.IsCancellationRequested)
                throw new OperationCanceledException("stopped at step " + step);
            System.Threading.Thread.Sleep(2);
            return true;
        })
        """;

    [Fact]
    public async Task An_interrupt_stops_a_library_loop_that_polls_the_published_cell_token()
    {
        using var session = new NotebookSession(Path.GetTempPath(), "train.ipynb");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();
        var run = session.ExecuteAsync(LibraryLikeLoop, "cell 1", cancel: cancel.Token);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(finished == run, "the library-like loop did not observe the interrupt within 20 s");
        var result = await run;
        Assert.Equal(CellStatus.Cancelled, result.Status);
        Assert.Equal("KeyboardInterrupt", Assert.IsType<ErrorOutput>(result.Outputs.Last()).EName);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.False(AppContext.GetData("Notebooks.CellCancellation") is CancellationToken { IsCancellationRequested: true });
    }

    [Fact]
    public async Task A_cell_token_is_published_for_every_cell_and_the_timeout_cancels_it_too()
    {
        using var session = new NotebookSession(Path.GetTempPath(), "train.ipynb");
        var result = await session.ExecuteAsync(LibraryLikeLoop, "cell 1", timeout: TimeSpan.FromSeconds(1));
        Assert.Equal(CellStatus.Timeout, result.Status);
        var next = await session.ExecuteAsync("AppContext.GetData(\"Notebooks.CellCancellation\") is System.Threading.CancellationToken { IsCancellationRequested: false }", "cell 2");
        Assert.Contains("True", ((DisplayOutput)next.Outputs.Single()).Data.Values.Single());
    }

    [Fact]
    public async Task A_cell_that_does_not_stop_after_an_interrupt_says_it_cannot_be_interrupted_there_and_to_restart()
    {
        using var session = new NotebookSession(Path.GetTempPath(), "sleep.ipynb");
        using var cancel = new CancellationTokenSource();
        var said = new TaskCompletionSource<string>();
        var clock = new Stopwatch();
        void Live(CellOutput o)
        {
            var text = o switch { StreamOutput s => s.Text, ErrorOutput e => e.EValue, _ => "" };
            // Interrupt once the cell is running (compiling a first cell can take seconds on a loaded machine).
            if (text.Contains("sleeping", StringComparison.Ordinal)) { clock.Start(); cancel.Cancel(); }
            if (text.Contains("cannot be interrupted", StringComparison.Ordinal)) said.TrySetResult(text);
        }
        var run = session.ExecuteAsync("Console.WriteLine(\"sleeping\"); System.Threading.Thread.Sleep(12000);", "cell 1", Live, cancel.Token);
        var first = await Task.WhenAny(said.Task, run);
        Assert.True(first == said.Task, "no message while the cell was still sleeping");
        Assert.InRange(clock.Elapsed.TotalSeconds, 4, 11);
        var message = await said.Task;
        Assert.Contains("sleep.ipynb, cell 1", message);
        Assert.Contains("Restart", message);
        await run;
    }

    [Fact]
    public void Carriage_returns_in_stored_stream_text_replace_the_current_line()
    {
        Assert.Equal("done\nnext\n", NotebookDocument.ApplyCarriageReturns("\rstep 1\rstep 2\rdone\nnext\n"));
        Assert.Equal("a\r\nb\n".Replace("\r\n", "\n"), NotebookDocument.ApplyCarriageReturns("a\r\nb\n"));
        Assert.Equal("kept", NotebookDocument.ApplyCarriageReturns("kept\r"));
        Assert.Equal("x\nfinal", NotebookDocument.ApplyCarriageReturns("x\nstep\rfinal"));
    }

    [Fact]
    public void A_figure_bundle_carries_its_png_beside_the_html()
    {
        const string png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        var html = $"<div class=\"figure\"><img src=\"data:image/png;base64,{png}\" alt=\"a\"></div><script>draw()</script>";
        var bundle = Display.Format(new Microsoft.AspNetCore.Html.HtmlString(html)).Data;
        Assert.Equal(html, bundle["text/html"]);
        Assert.Equal(png, bundle["image/png"]);
    }

    [Fact]
    public async Task An_html_table_returned_as_a_string_is_displayed_as_html()
    {
        using var session = new NotebookSession(Path.GetTempPath(), "table.ipynb");
        var result = await session.ExecuteAsync("\"<table><tr><th>model</th></tr><tr><td>GRU</td></tr></table>\"", "cell 1");
        var data = ((DisplayOutput)result.Outputs.Single()).Data;
        Assert.Equal("<table><tr><th>model</th></tr><tr><td>GRU</td></tr></table>", data["text/html"]);
        var plain = await session.ExecuteAsync("\"a < b and c > d\"", "cell 2");
        Assert.Equal(["text/plain"], ((DisplayOutput)plain.Outputs.Single()).Data.Keys);
    }
}
