using System.Text.Json;
using AttentionCourse.Display;
using AttentionCourse.Native;
using AttentionCourse.Training;
using SkiaSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Display;

public class GridAndLineTests
{
    [Fact]
    public void Grid_of_layers_by_heads_titles_each_panel_and_reverses_every_y_axis()
    {
        TorchSharpNative.EnsureLoadable();
        using var w = rand(2, 3, 4, 4).softmax(-1);   // (L, H, T, S)
        var figure = Figures.HeatmapGrid(w, ["a", "b", "c", "d"], ["a", "b", "c", "d"]);

        using var json = JsonDocument.Parse(figure.PlotlyJson);
        var layout = json.RootElement.GetProperty("layout");
        Assert.Equal(6, json.RootElement.GetProperty("data").GetArrayLength());
        var titles = layout.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.Contains("layer 1, head 1", titles);
        Assert.Contains("layer 2, head 3", titles);
        for (int i = 1; i <= 6; i++)
        {
            var axis = layout.GetProperty(i == 1 ? "yaxis" : $"yaxis{i}");
            Assert.Equal("reversed", axis.GetProperty("autorange").GetString());
        }
        using var bitmap = SKBitmap.Decode(figure.PngBytes);
        Assert.Equal(figure.Width, bitmap.Width);
        Assert.Equal(figure.Height, bitmap.Height);
    }

    [Fact]
    public void Grid_panels_share_one_colour_range()
    {
        TorchSharpNative.EnsureLoadable();
        using var a = tensor(new float[] { 0, 1, 1, 0 }).reshape(2, 2);
        using var b = tensor(new float[] { 0, 3, 3, 0 }).reshape(2, 2);
        var figure = Figures.HeatmapGrid([a, b], ["one", "two"]);
        using var json = JsonDocument.Parse(figure.PlotlyJson);
        foreach (var trace in json.RootElement.GetProperty("data").EnumerateArray())
        {
            Assert.Equal(0.0, trace.GetProperty("zmin").GetDouble());
            Assert.Equal(3.0, trace.GetProperty("zmax").GetDouble());
        }
    }

    [Fact]
    public void Grid_takes_a_fixed_colour_scale_and_a_colour_bar_title()
    {
        TorchSharpNative.EnsureLoadable();
        using var a = tensor(new float[] { 0.1f, 0.2f, 0.3f, 0.4f }).reshape(2, 2);
        using var b = tensor(new float[] { 0.2f, 0.3f, 0.3f, 0.2f }).reshape(2, 2);
        var figure = Figures.HeatmapGrid([a, b], ["one", "two"], columns: 2, min: 0, max: 1, colorBarTitle: "weight");
        using var json = JsonDocument.Parse(figure.PlotlyJson);
        var traces = json.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, traces.Count);
        foreach (var trace in traces)
        {
            Assert.Equal(0.0, trace.GetProperty("zmin").GetDouble());
            Assert.Equal(1.0, trace.GetProperty("zmax").GetDouble());
        }
        Assert.Equal("weight", traces[0].GetProperty("colorbar").GetProperty("title").GetProperty("text").GetString());
        Assert.Throws<ArgumentException>(() => Figures.HeatmapGrid([a, b], min: 1, max: 0.5));
    }

    [Fact]
    public void Line_of_a_training_history_has_one_point_per_epoch()
    {
        var history = new TrainingHistory([new EpochStats(1, 2.0, 0.5, 100, 0.1), new EpochStats(2, 1.0, 0.75, 100, 0.1), new EpochStats(3, 0.5, 0.9, 100, 0.1)], "accuracy");
        var figure = Figures.Line(history);
        using var json = JsonDocument.Parse(figure.PlotlyJson);
        var data = json.RootElement.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal([1.0, 2.0, 3.0], data[0].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([2.0, 1.0, 0.5], data[0].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("accuracy", data[1].GetProperty("name").GetString());
        Assert.Equal(figure.ToHtml(), Figures.Line(history).ToHtml());
    }

    [Fact]
    public void Line_rejects_series_of_unequal_lengths()
    {
        var e = Assert.Throws<ArgumentException>(() => Figures.Line([new Series("loss", [1, 2, 3], [1, 2])]));
        Assert.Contains("'loss'", e.Message);
    }
}
