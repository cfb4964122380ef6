using AttentionCourse.Notebooks;

namespace Notebooks.Tests;

/// <summary>The session in-process: what both front ends (runner and kernel) rely on.</summary>
[Collection("session")]
public class SessionTests
{
    [Fact]
    public async Task Outputs_arrive_live_in_order_and_are_returned()
    {
        using var session = new NotebookSession(Path.GetTempPath(), "live.ipynb");
        var live = new List<CellOutput>();
        var result = await session.ExecuteAsync("Console.Write(\"a\"); display(\"b\"); Console.Write(\"c\"); 1 + 1", "cell 1", live.Add);
        Assert.Equal(CellStatus.Ok, result.Status);
        Assert.Equal(live, result.Outputs);
        Assert.Equal(["stream", "display", "stream", "result"], result.Outputs.Select(o => o switch
        {
            StreamOutput => "stream",
            DisplayOutput { IsResult: true } => "result",
            DisplayOutput => "display",
            _ => "other",
        }));
    }

    [Fact]
    public async Task A_void_call_shows_nothing_and_execution_counts_increase()
    {
        using var session = new NotebookSession(Path.GetTempPath());
        var first = await session.ExecuteAsync("var list = new List<int>();", "cell 1");
        var second = await session.ExecuteAsync("list.Add(3)", "cell 2");
        Assert.Empty(second.Outputs);
        Assert.Equal((1, 2), (first.ExecutionCount, second.ExecutionCount));
    }

    [Fact]
    public async Task An_execution_that_stores_no_history_runs_without_taking_a_count()
    {
        using var session = new NotebookSession(Path.GetTempPath());
        var first = await session.ExecuteAsync("var k = 1;", "cell 1");
        var silent = await session.ExecuteAsync("k = 5;", "cell 1", storeHistory: false);
        var third = await session.ExecuteAsync("k", "cell 2");
        Assert.Equal((1, 1, 2), (first.ExecutionCount, silent.ExecutionCount, third.ExecutionCount));
        Assert.Contains(">5<", string.Concat(Assert.IsType<DisplayOutput>(Assert.Single(third.Outputs)).Data.Values).Replace(" ", ""));
        Assert.Equal(2, session.ExecutionCount);
    }

    [Fact]
    public async Task Cancelling_stops_a_running_loop_and_the_session_stays_usable()
    {
        using var session = new NotebookSession(Path.GetTempPath());
        await session.ExecuteAsync("var n = 0;", "cell 1");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var stopped = await session.ExecuteAsync("while (true) { n++; }", "cell 2", cancel: cancel.Token);
        Assert.Equal(CellStatus.Cancelled, stopped.Status);
        Assert.Equal("KeyboardInterrupt", Assert.IsType<ErrorOutput>(stopped.Outputs.Single()).EName);
        var after = await session.ExecuteAsync("n > 0", "cell 3");
        Assert.Equal(CellStatus.Ok, after.Status);
    }

    [Theory]
    [InlineData("var x = 1;", "complete")]
    [InlineData("for (var i = 0; i < 3; i++) {", "incomplete")]
    [InlineData("var s = \"unterminated", "incomplete")]
    public void Is_complete_tells_finished_from_unfinished_code(string code, string expected)
    {
        using var session = new NotebookSession(Path.GetTempPath());
        Assert.Equal(expected, session.IsComplete(code));
    }

    [Fact]
    public async Task Completions_come_from_the_semantic_model_including_earlier_cells()
    {
        using var session = new NotebookSession(Path.GetTempPath());
        await session.ExecuteAsync("var attentionWeights = new double[3];", "cell 1");
        var members = await session.CompleteAsync("Console.Wri", 11);
        Assert.Contains("WriteLine", members.Matches);
        Assert.Equal((8, 11), (members.Start, members.End));
        var names = await session.CompleteAsync("attention", 9);
        Assert.Contains("attentionWeights", names.Matches);
    }
}

[CollectionDefinition("session", DisableParallelization = true)]
public class SessionCollection;

public class InterruptRewriterTests
{
    [Fact]
    public void Every_loop_body_gets_a_check_and_no_line_moves()
    {
        const string code = "for (var i = 0; i < 3; i++)\n    foreach (var x in new[] { 1 }) { while (false) ; }\ndo { } while (false);\nforeach (var (a, b) in new[] { (1, 2) }) Console.Write(a);";
        var options = new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(kind: Microsoft.CodeAnalysis.SourceCodeKind.Script);
        var guarded = AttentionCourse.Notebooks.InterruptRewriter.Rewrite(code, options);
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Matches(guarded, @"Interrupt\.Check\(\)").Count);
        Assert.Equal(code.Split('\n').Length, guarded.Split('\n').Length);
        Assert.Empty(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(guarded, options).GetDiagnostics());
    }
}
