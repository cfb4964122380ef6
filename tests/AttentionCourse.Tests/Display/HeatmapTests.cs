using System.Text.Json;
using AttentionCourse.Display;
using AttentionCourse.Native;
using ScottPlot;
using SkiaSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Display;

public class HeatmapTests
{
    static readonly string[] Queries = ["<bos>", "cat", "sat"];
    static readonly string[] Keys = ["a&b", "\"q\"", "mat", "</script>"];

    /// <summary>Row 0 bright (1), every other cell dark (0): a picture whose top row is known.</summary>
    static double[,] FirstRowBright(int rows, int cols)
    {
        var w = new double[rows, cols];
        for (int c = 0; c < cols; c++) w[0, c] = 1;
        return w;
    }

    [Fact]
    public void Static_heatmap_draws_row_zero_beside_the_first_row_label()
    {
        var values = FirstRowBright(3, 4);
        var plot = StaticHeatmap.Build(values, Queries, Keys, "t", "Keys", "Queries", (0, 1));
        var png = plot.GetImageBytes(400, 300, ImageFormat.Png);   // renders, so GetPixel knows the layout
        using var bitmap = SKBitmap.Decode(png);

        var ticks = plot.Axes.Left.TickGenerator.Ticks;
        double LabelY(string label) => ticks.Single(t => t.Label == label).Position;
        Brightness(bitmap, plot.GetPixel(new Coordinates(0.3, LabelY("<bos>")))).Is(b => b > 0.6, "row 0's label should sit on the bright row");
        Brightness(bitmap, plot.GetPixel(new Coordinates(0.3, LabelY("cat")))).Is(b => b < 0.4, "row 1's label should sit on a dark row");
        Brightness(bitmap, plot.GetPixel(new Coordinates(0.3, LabelY("sat")))).Is(b => b < 0.4, "row 2's label should sit on a dark row");
        // and row 0 is the top row of the picture
        Assert.True(plot.GetPixel(new Coordinates(0, LabelY("<bos>"))).Y < plot.GetPixel(new Coordinates(0, LabelY("sat"))).Y);
    }

    [Fact]
    public void Interactive_heatmap_puts_row_zero_on_top_with_its_label()
    {
        var figure = Figures.Heatmap(FirstRowBright(3, 4), Queries, Keys);
        using var json = JsonDocument.Parse(figure.PlotlyJson);
        var trace = json.RootElement.GetProperty("data")[0];
        var yaxis = json.RootElement.GetProperty("layout").GetProperty("yaxis");

        Assert.Equal("reversed", yaxis.GetProperty("autorange").GetString());   // y counts down: position 0 on top
        var tickvals = yaxis.GetProperty("tickvals").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        var ticktext = yaxis.GetProperty("ticktext").EnumerateArray().Select(v => v.GetString()).ToArray();
        var y = trace.GetProperty("y").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal(0, y[0]);                                       // z row 0 is drawn at y = 0, the top
        Assert.Equal("&lt;bos&gt;", ticktext[Array.IndexOf(tickvals, y[0])]);
        Assert.Equal(1.0, trace.GetProperty("z")[0][0].GetDouble());
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Contains("Keys", json.RootElement.GetProperty("layout").GetProperty("xaxis").GetRawText());
    }

    [Fact]
    public void A_fixed_colour_scale_and_colour_bar_title_reach_the_chart_and_the_default_still_follows_the_data()
    {
        var w = new double[,] { { 0.2, 0.4 }, { 0.3, 0.25 } };
        static (double, double, string?) Read(Figure f)
        {
            using var json = JsonDocument.Parse(f.PlotlyJson);
            var trace = json.RootElement.GetProperty("data")[0];
            var title = trace.TryGetProperty("colorbar", out var bar) ? bar.GetProperty("title").GetProperty("text").GetString() : null;
            return (trace.GetProperty("zmin").GetDouble(), trace.GetProperty("zmax").GetDouble(), title);
        }
        Assert.Equal((0.2, 0.4, null), Read(Figures.Heatmap(w)));
        Assert.Equal((0.0, 1.0, "attention weight"), Read(Figures.Heatmap(w, min: 0, max: 1, colorBarTitle: "attention weight")));
        Assert.Equal((0.0, 0.4, null), Read(Figures.Heatmap(w, min: 0)));
        var error = Assert.Throws<ArgumentException>(() => Figures.Heatmap(w, min: 1, max: 1));
        Assert.Contains("max (1) must be above min (1)", error.Message);
    }

    /// <summary>The hover text of cell (row, column) of a figure's first trace.</summary>
    static string Hover(Figure figure, int row, int column)
    {
        using var json = JsonDocument.Parse(figure.PlotlyJson);
        return json.RootElement.GetProperty("data")[0].GetProperty("text")[row][column].GetString()!;
    }

    [Fact]
    public void Hover_names_rows_query_and_columns_key_unless_the_caller_names_them()
    {
        var w = new double[,] { { 7, 1 }, { 2, 5 } };
        string[] authors = ["Austen", "Poe & <co>"];

        // an attention heatmap keeps the words it always had, also when the axis titles are its own
        Assert.Equal("query: Austen<br>key: Poe &amp; &lt;co&gt;<br>value: 1", Hover(Figures.Heatmap(w, authors, authors), 0, 1));
        Assert.Equal("query: Poe &amp; &lt;co&gt;<br>key: Austen<br>value: 2",
            Hover(Figures.Heatmap(w, authors, authors, "t", "key token", "query token"), 1, 0));

        // a confusion matrix names its axes: nothing says "query" or "key", and the names are escaped like the labels
        var named = Figures.Heatmap(w, authors, authors, "Confusion", "predicted author", "true author",
            rowName: "true <author>", columnName: "predicted author");
        Assert.Equal("true &lt;author&gt;: Poe &amp; &lt;co&gt;<br>predicted author: Austen<br>value: 2", Hover(named, 1, 0));
        Assert.DoesNotContain("query", named.PlotlyJson);
        Assert.DoesNotContain("key:", named.PlotlyJson);

        // the float and tensor overloads pass the names through
        TorchSharpNative.EnsureLoadable();
        using var t = tensor(new double[] { 7, 1, 2, 5 }).reshape(2, 2);
        var fromFloats = Figures.Heatmap(new float[,] { { 7, 1 }, { 2, 5 } }, authors, authors, rowName: "r", columnName: "c");
        var fromTensor = Figures.Heatmap(t, authors, authors, rowName: "r", columnName: "c");
        Assert.Equal("r: Austen<br>c: Austen<br>value: 7", Hover(fromFloats, 0, 0));
        Assert.Equal(fromFloats.PlotlyJson, fromTensor.PlotlyJson);
    }

    [Fact]
    public void Html_carries_every_label_escaped_and_is_byte_identical_across_runs()
    {
        TorchSharpNative.EnsureLoadable();
        using var w = tensor(new float[] { 0.1f, 0.2f, 0.3f, 0.4f, 0.25f, 0.25f, 0.25f, 0.25f, 1, 0, 0, 0 }).reshape(3, 4);   // (T, S)
        var first = Figures.Heatmap(w, Queries, Keys, "Labels & <escapes>").ToHtml();
        var second = Figures.Heatmap(w, Queries, Keys, "Labels & <escapes>").ToHtml();

        Assert.Equal(first, second);
        foreach (var label in Queries.Concat(Keys))
            Assert.Contains(System.Net.WebUtility.HtmlEncode(label), first);
        Assert.DoesNotContain("</script>\"", first);                 // a label cannot close the script early
        Assert.Equal(2, first.Split("<script").Length);              // exactly one script
        Assert.Contains("data:image/png;base64,", first);
        Assert.Contains("https://cdn.plot.ly/plotly-2.28.0.min", first);
        Assert.Matches("id=\"fig-[0-9a-f]{16}\"", first);
    }

    [Fact]
    public void Different_weights_give_a_different_element_id()
    {
        var a = Figures.Heatmap(FirstRowBright(3, 4), Queries, Keys);
        var b = Figures.Heatmap(new double[3, 4], Queries, Keys);
        Assert.NotEqual(a.ElementId, b.ElementId);
    }

    [Fact]
    public void Label_count_mismatch_names_both_counts()
    {
        var rows = Assert.Throws<ArgumentException>(() => Figures.Heatmap(new double[3, 4], ["a", "b"], Keys));
        Assert.Contains("2 labels", rows.Message);
        Assert.Contains("3 rows", rows.Message);
        var cols = Assert.Throws<ArgumentException>(() => Figures.Heatmap(new double[3, 4], Queries, ["k"]));
        Assert.Contains("1 labels", cols.Message);
        Assert.Contains("4 columns", cols.Message);
    }

    [Fact]
    public void Tensor_float_and_double_inputs_give_the_same_chart()
    {
        TorchSharpNative.EnsureLoadable();
        var d = new double[,] { { 0.5, 0.5 }, { 0.125, 0.875 } };
        var f = new float[,] { { 0.5f, 0.5f }, { 0.125f, 0.875f } };
        using var t = tensor(new double[] { 0.5, 0.5, 0.125, 0.875 }).reshape(2, 2);
        var expected = Figures.Heatmap(d, ["x", "y"], ["x", "y"]).PlotlyJson;
        Assert.Equal(expected, Figures.Heatmap(f, ["x", "y"], ["x", "y"]).PlotlyJson);
        Assert.Equal(expected, Figures.Heatmap(t, ["x", "y"], ["x", "y"]).PlotlyJson);
    }

    [Fact]
    public void Non_matrix_tensor_is_rejected_with_its_shape()
    {
        TorchSharpNative.EnsureLoadable();
        using var t = zeros(2, 3, 4);
        var e = Assert.Throws<ArgumentException>(() => Figures.Heatmap(t));
        Assert.Contains("(2, 3, 4)", e.Message);
    }

    static double Brightness(SKBitmap bitmap, Pixel p)
    {
        var c = bitmap.GetPixel((int)p.X, (int)p.Y);
        return (c.Red + c.Green + c.Blue) / (3 * 255.0);
    }
}

static class AssertExtensions
{
    public static void Is(this double value, Func<double, bool> condition, string because) =>
        Assert.True(condition(value), $"{because} (got {value:F3})");
}
