using System.Text.Json.Nodes;
using AttentionCourse.Display;
using SkiaSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Interpretability;

public class UnitHeatmapGridTests
{
    public UnitHeatmapGridTests() => T.Init();

    [Fact]
    public void Colour_scale_is_zero_to_one_whatever_the_data_range()
    {
        var maps = new[] { full(2, 3, 0.2), full(2, 3, 0.4) };
        var figure = Figures.UnitHeatmapGrid(maps, ["a", "b"], ["q1", "q2"], ["k1", "k2", "k3"]);
        var traces = JsonNode.Parse(figure.PlotlyJson)!["data"]!.AsArray();
        Assert.Equal(2, traces.Count);
        foreach (var trace in traces)
        {
            Assert.Equal(0.0, trace!["zmin"]!.GetValue<double>());
            Assert.Equal(1.0, trace["zmax"]!.GetValue<double>());
        }
        // The data-range grid would use [0.2, 0.4] instead: the fixed scale is what differs.
        var free = JsonNode.Parse(Figures.HeatmapGrid(maps, ["a", "b"], ["q1", "q2"], ["k1", "k2", "k3"]).PlotlyJson)!["data"]!.AsArray();
        Assert.Equal(0.2, free[0]!["zmin"]!.GetValue<double>(), 6);
    }

    [Fact]
    public void Smaller_cells_fit_two_columns_of_17_by_17_maps_in_1200_px()
    {
        var labels = new[] { "cls" }.Concat(Enumerable.Range(0, 16).Select(i => $"p{i / 4},{i % 4}")).ToList();
        var maps = Enumerable.Range(0, 4).Select(_ => rand(17, 17).softmax(-1)).ToList();
        var wide = Figures.UnitHeatmapGrid(maps, ["1", "2", "3", "4"], labels, labels, columns: 2);
        var narrow = Figures.UnitHeatmapGrid(maps, ["1", "2", "3", "4"], labels, labels, columns: 2, cell: 21);
        // Per panel: 200 px of margins and colour bar, 7 px per character of the longest row label, then the cells.
        Assert.Equal(2 * (200 + 7 * 4 + 36 * 17), wide.Width);
        Assert.Equal(2 * (200 + 7 * 4 + 21 * 17), narrow.Width);
        Assert.True(narrow.Width <= 1200, $"{narrow.Width} px");
        using var bitmap = SKBitmap.Decode(narrow.PngBytes);
        Assert.Equal((narrow.Width, narrow.Height), (bitmap.Width, bitmap.Height));
        Assert.True(narrow.Height < wide.Height);
    }

    [Fact]
    public void Colour_bar_carries_its_label_and_only_the_first_panel_shows_a_bar()
    {
        var maps = new[] { full(2, 3, 0.2), full(2, 3, 0.4), full(2, 3, 0.6) };
        var figure = Figures.UnitHeatmapGrid(maps, ["a", "b", "c"], ["q1", "q2"], ["k1", "k2", "k3"], columns: 2,
            colorBarTitle: "attention weight");
        var traces = JsonNode.Parse(figure.PlotlyJson)!["data"]!.AsArray();
        Assert.Equal("attention weight", traces[0]!["colorbar"]!["title"]!["text"]!.GetValue<string>());
        Assert.All(traces.Skip(1), t => Assert.False(t!["showscale"]!.GetValue<bool>()));
        // Without a label no colour bar title is written.
        var bare = JsonNode.Parse(Figures.UnitHeatmapGrid(maps, ["a", "b", "c"]).PlotlyJson)!["data"]!.AsArray();
        Assert.Null(bare[0]!["colorbar"]);
    }
}
