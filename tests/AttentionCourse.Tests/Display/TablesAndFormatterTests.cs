using AttentionCourse.Display;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace AttentionCourse.Tests.Display;

public class TablesAndFormatterTests
{
    static DataFrame Frame(int rows) => new(
        new StringDataFrameColumn("token", Enumerable.Range(0, rows).Select(i => i == 0 ? "<pad>" : $"t{i}")),
        new DoubleDataFrameColumn("weight", Enumerable.Range(0, rows).Select(i => 1.0 / 3 + i)));

    [Fact]
    public void DataFrame_table_has_header_rows_and_invariant_numbers()
    {
        var html = Tables.Html(Frame(3));
        Assert.Contains("<th>token</th><th>weight</th>", html);
        Assert.Contains("&lt;pad&gt;", html);
        Assert.Contains(">0.333333<", html);
        Assert.Contains(">2.33333<", html);
        Assert.Equal(3, html.Split("<tr><td").Length - 1);
        Assert.DoesNotContain("more rows", html);
        Assert.DoesNotContain("id=", html);
    }

    [Fact]
    public void Long_frames_stop_at_the_row_cap_and_say_how_many_are_left()
    {
        var html = Tables.Html(Frame(25), maxRows: 10);
        Assert.Contains("… 15 more rows", html);
        Assert.Equal(html, Tables.Html(Frame(25), maxRows: 10));
    }

    [Fact]
    public void Numbers_do_not_follow_the_current_culture()
    {
        var before = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Contains(">0.333333<", Tables.Html(Frame(1)));
            Assert.Contains("value: 0.3333", Figures.Heatmap(new[,] { { 1.0 / 3 } }, ["q"], ["k"]).PlotlyJson);
        }
        finally { Thread.CurrentThread.CurrentCulture = before; }
    }

    record Row(string Name, int Count, double Share);

    [Fact]
    public void Records_become_a_table_with_one_column_per_property()
    {
        var html = Tables.Html([new Row("a", 3, 0.125), new Row("b", 5, 0.875)]);
        Assert.Contains("<th>Name</th><th>Count</th><th>Share</th>", html);
        Assert.Contains(">0.875<", html);
    }

    [Fact]
    public void Notebook_formatters_render_figures_and_frames_as_html()
    {
        var figure = Figures.Heatmap(new[,] { { 0.5, 0.5 } }, ["q"], ["k1", "k2"]);
        Assert.Equal(figure.ToHtml(), figure.ToDisplayString(HtmlFormatter.MimeType));
        Assert.Equal(Tables.Html(Frame(2)), Frame(2).ToDisplayString(HtmlFormatter.MimeType));
    }
}
