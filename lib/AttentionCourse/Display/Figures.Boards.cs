using PChart = Plotly.NET.CSharp.Chart;

namespace AttentionCourse.Display;

public static partial class Figures
{
    /// <summary>
    /// A grid of small heatmaps that each carry their own row labels, on one colour scale fixed to [0, 1]: attention
    /// weights drawn over a board (chapter 18 draws a 3 × 3 tic-tac-toe board per panel, each row labelled with that
    /// row's marks). Unlike <c>HeatmapGrid</c>
    /// the range does not follow the data, so a pale cell means a small weight in every panel.
    /// </summary>
    /// <param name="maps">Weights, each (R, C) with values in [0, 1], all the same shape.</param>
    /// <param name="rowLabels">One array of R labels per map.</param>
    /// <param name="columnLabels">C labels shared by all maps.</param>
    /// <param name="subplotTitles">One title per map.</param>
    /// <param name="columns">Panels per grid row; default up to 3.</param>
    /// <param name="title">Overall title.</param>
    /// <param name="xTitle">x axis title; default "column".</param>
    /// <param name="yTitle">y axis title; default "row".</param>
    public static Figure BoardGrid(IReadOnlyList<double[,]> maps, IReadOnlyList<IReadOnlyList<string>> rowLabels,
        IReadOnlyList<string> columnLabels, IReadOnlyList<string> subplotTitles, int? columns = null,
        string title = DefaultHeatmapTitle, string xTitle = "column", string yTitle = "row")
    {
        if (maps.Count == 0 || rowLabels.Count != maps.Count || subplotTitles.Count != maps.Count)
            throw new ArgumentException($"BoardGrid needs as many row-label sets ({rowLabels.Count}) and titles ({subplotTitles.Count}) as maps ({maps.Count}), at least one.");
        var range = (Min: 0.0, Max: 1.0);
        var labels = maps.Select((m, i) => Matrix.Labels(m, rowLabels[i], columnLabels)).ToList();
        int gridColumns = columns ?? Math.Min(maps.Count, 3), gridRows = (maps.Count + gridColumns - 1) / gridColumns;
        var (cellWidth, cellHeight) = StaticHeatmap.Size(maps[0].GetLength(0), maps[0].GetLength(1),
            columnLabels.Max(l => l.Length), rowLabels.SelectMany(r => r).Max(l => l.Length), subplotTitles.Max(t => t.Length));
        var pngs = maps.Select((m, i) => StaticHeatmap.Png(StaticHeatmap.Build(m, labels[i].Item1, labels[i].Item2,
            subplotTitles[i], xTitle, yTitle, range), cellWidth, cellHeight)).ToList();
        var (png, width, height) = Tile(pngs, title, gridColumns, gridRows, cellWidth, cellHeight);

        var charts = maps.Select((m, i) => InteractiveHeatmap.Build(m, labels[i].Item1, labels[i].Item2, "", "", range,
            showScale: i == 0, axis: 1)).ToList();
        var grid = PChart.Grid(charts, gridRows, gridColumns, SubPlotTitles: subplotTitles.ToArray());
        for (int i = 0; i < maps.Count; i++)
            grid = InteractiveHeatmap.WithAxes(grid, labels[i].Item1, labels[i].Item2, xTitle, yTitle, i + 1);
        grid = Titled(grid, title, width, height);
        var description = $"{title}. {maps.Count} heatmaps on a fixed 0-1 colour scale: {string.Join("; ", subplotTitles)}.";
        return new Figure(title, description, png, Plotly.NET.GenericChart.toFigureJson(grid), width, height);
    }
}
