using TorchSharp;

namespace AttentionCourse.Display;

public static partial class Figures
{
    /// <summary>
    /// <see cref="HeatmapGrid(IReadOnlyList{torch.Tensor}, IReadOnlyList{string}?, IReadOnlyList{string}?, IReadOnlyList{string}?, int?, string, string, string, double?, double?, string?)"/>
    /// with the colour scale fixed to [0, 1] instead of the data's range, so weights and normalised scores read the
    /// same in every panel and every figure. Used in chapters 01, 02, 03, 13 and 20.
    /// </summary>
    /// <param name="maps">Each of shape (T, S), values in [0, 1].</param>
    /// <param name="subplotTitles">One title per map.</param>
    /// <param name="rowLabels">T row labels.</param>
    /// <param name="columnLabels">S column labels.</param>
    /// <param name="columns">Heatmaps per grid row; default up to 4.</param>
    /// <param name="title">Overall title.</param>
    /// <param name="xTitle">x axis title of each heatmap; default "Keys".</param>
    /// <param name="yTitle">y axis title of each heatmap; default "Queries".</param>
    /// <param name="colorBarTitle">Label of the colour bars, e.g. "attention weight"; default none.</param>
    /// <param name="cell">Pixels per heatmap cell in the static image; default 36. Smaller cells let a grid of large
    /// maps fit a laptop screen (about 1200 px): chapter 13's two columns of 17 × 17 maps use 21.</param>
    public static Figure UnitHeatmapGrid(IReadOnlyList<torch.Tensor> maps, IReadOnlyList<string>? subplotTitles = null,
        IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null, int? columns = null,
        string title = DefaultHeatmapTitle, string xTitle = "Keys", string yTitle = "Queries", string? colorBarTitle = null,
        int cell = 36)
    {
        if (maps.Count == 0) throw new ArgumentException("UnitHeatmapGrid needs at least one map.", nameof(maps));
        var values = maps.Select((m, i) => Matrix.FromTensor(m, $"maps[{i}]")).ToList();
        var titles = subplotTitles?.ToList() ?? maps.Select((_, i) => $"map {i + 1}").ToList();
        return Grid(values, titles, columns ?? Math.Min(maps.Count, 4), rowLabels, columnLabels, title, xTitle, yTitle, (0, 1),
            colorBarTitle, cell);
    }
}
