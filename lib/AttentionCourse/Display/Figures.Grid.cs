using Plotly.NET;
using SkiaSharp;
using TorchSharp;
using PChart = Plotly.NET.CSharp.Chart;

namespace AttentionCourse.Display;

public static partial class Figures
{
    /// <summary>
    /// A grid of attention heatmaps, one per layer (grid row) and head (grid column), all sharing the labels
    /// and one colour range so heads can be compared. Chapters 03 and 05 draw every head with it.
    /// </summary>
    /// <param name="weights">Shape (L, H, T, S) for L layers of H heads, or (H, T, S) for one layer.</param>
    /// <param name="rowLabels">T query labels; default positions.</param>
    /// <param name="columnLabels">S key labels; default positions.</param>
    /// <param name="title">Overall title; default "Attention weights by layer and head".</param>
    /// <param name="xTitle">x axis title of each heatmap; default "Keys".</param>
    /// <param name="yTitle">y axis title of each heatmap; default "Queries".</param>
    /// <param name="min">Bottom of the shared colour scale; default the data's minimum. Attention weights use 0.</param>
    /// <param name="max">Top of the shared colour scale; default the data's maximum. Attention weights use 1.</param>
    /// <param name="colorBarTitle">Label of the colour bar, e.g. "attention weight"; default none.</param>
    /// <returns>Subplots titled "layer 1, head 2" (1-based), layers down, heads across.</returns>
    public static Figure HeatmapGrid(torch.Tensor weights, IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null,
        string title = "Attention weights by layer and head", string xTitle = "Keys", string yTitle = "Queries",
        double? min = null, double? max = null, string? colorBarTitle = null)
    {
        if (weights.dim() is not (3 or 4))
            throw new ArgumentException($"weights must be (layers, heads, T, S) or (heads, T, S), got shape {Matrix.Shape(weights.shape)}.", nameof(weights));
        bool oneLayer = weights.dim() == 3;
        int layers = oneLayer ? 1 : (int)weights.shape[0], heads = (int)weights.shape[oneLayer ? 0 : 1];
        using var flat = weights.reshape(layers * heads, weights.shape[^2], weights.shape[^1]);   // (L*H, T, S)
        var maps = new List<double[,]>();
        var titles = new List<string>();
        for (int l = 0; l < layers; l++)
            for (int h = 0; h < heads; h++)
            {
                using var map = flat[l * heads + h];   // (T, S)
                maps.Add(Matrix.FromTensor(map));
                titles.Add(oneLayer ? $"head {h + 1}" : $"layer {l + 1}, head {h + 1}");
            }
        return Grid(maps, titles, heads, rowLabels, columnLabels, title, xTitle, yTitle, FixedRange(maps, min, max), colorBarTitle);
    }

    /// <summary>A grid of heatmaps from a list of (T, S) tensors that share labels, <paramref name="columns"/> per grid row.</summary>
    /// <param name="maps">Each of shape (T, S), all the same shape.</param>
    /// <param name="subplotTitles">One title per map; default "map 1", "map 2", ….</param>
    /// <param name="rowLabels">T query labels; default positions.</param>
    /// <param name="columnLabels">S key labels; default positions.</param>
    /// <param name="columns">Heatmaps per grid row; default up to 4.</param>
    /// <param name="title">Overall title.</param>
    /// <param name="xTitle">x axis title of each heatmap; default "Keys".</param>
    /// <param name="yTitle">y axis title of each heatmap; default "Queries".</param>
    /// <param name="min">Bottom of the shared colour scale; default the data's minimum. Attention weights use 0.</param>
    /// <param name="max">Top of the shared colour scale; default the data's maximum. Attention weights use 1.</param>
    /// <param name="colorBarTitle">Label of the colour bar, e.g. "attention weight"; default none.</param>
    public static Figure HeatmapGrid(IReadOnlyList<torch.Tensor> maps, IReadOnlyList<string>? subplotTitles = null,
        IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null, int? columns = null,
        string title = DefaultHeatmapTitle, string xTitle = "Keys", string yTitle = "Queries",
        double? min = null, double? max = null, string? colorBarTitle = null)
    {
        if (maps.Count == 0) throw new ArgumentException("HeatmapGrid needs at least one map.", nameof(maps));
        if (subplotTitles is not null && subplotTitles.Count != maps.Count)
            throw new ArgumentException($"subplotTitles has {subplotTitles.Count} titles for {maps.Count} maps.", nameof(subplotTitles));
        var values = maps.Select((m, i) => Matrix.FromTensor(m, $"maps[{i}]")).ToList();
        if (values.Any(v => v.GetLength(0) != values[0].GetLength(0) || v.GetLength(1) != values[0].GetLength(1)))
            throw new ArgumentException("All maps in a grid must have the same shape (T, S).", nameof(maps));
        var titles = subplotTitles?.ToList() ?? maps.Select((_, i) => $"map {i + 1}").ToList();
        return Grid(values, titles, columns ?? Math.Min(maps.Count, 4), rowLabels, columnLabels, title, xTitle, yTitle,
            FixedRange(values, min, max), colorBarTitle);
    }

    /// <summary>The shared colour range with either end fixed, or null (the data's range) when neither is given.</summary>
    static (double Min, double Max)? FixedRange(List<double[,]> maps, double? min, double? max)
    {
        if (min is null && max is null) return null;
        var data = Matrix.Range(maps);
        var range = (Min: min ?? data.Min, Max: max ?? data.Max);
        if (!(range.Max > range.Min)) throw new ArgumentException($"Heatmap colour scale: max ({range.Max}) must be above min ({range.Min}).", nameof(max));
        return range;
    }

    static Figure Grid(List<double[,]> maps, List<string> titles, int gridColumns, IReadOnlyList<string>? rowLabels,
        IReadOnlyList<string>? columnLabels, string title, string xTitle, string yTitle, (double Min, double Max)? fixedRange = null,
        string? colorBarTitle = null, int cell = 36)
    {
        var (rows, columns) = Matrix.Labels(maps[0], rowLabels, columnLabels);
        var range = fixedRange ?? Matrix.Range(maps);
        int gridRows = (maps.Count + gridColumns - 1) / gridColumns;
        var (cellWidth, cellHeight) = StaticHeatmap.Size(rows.Length, columns.Length, columns.Max(l => l.Length), rows.Max(l => l.Length),
            cell: cell);

        var pngs = maps.Select((m, i) => StaticHeatmap.Png(
            StaticHeatmap.Build(m, rows, columns, titles[i], xTitle, yTitle, range, colorBarTitle), cellWidth, cellHeight)).ToList();
        var (png, width, height) = Tile(pngs, title, gridColumns, gridRows, cellWidth, cellHeight);

        var charts = maps.Select((m, i) => InteractiveHeatmap.Build(m, rows, columns, "", "", range, showScale: i == 0, axis: 1,
            colorBarTitle: i == 0 ? colorBarTitle : null)).ToList();
        var grid = PChart.Grid(charts, gridRows, gridColumns, SubPlotTitles: titles.ToArray());
        for (int i = 0; i < maps.Count; i++)
            grid = InteractiveHeatmap.WithAxes(grid, rows, columns, i / gridColumns == gridRows - 1 ? xTitle : "", i % gridColumns == 0 ? yTitle : "", i + 1);
        grid = Titled(grid, title, width, height);
        var description = Describe(title, rows, columns, xTitle, yTitle) + " Panels: " + string.Join("; ", titles) + ".";
        return new Figure(title, description, png, GenericChart.toFigureJson(grid), width, height);
    }

    /// <summary>Places the panel PNGs on a grid under a title band and encodes the result as PNG.</summary>
    static (byte[] Png, int Width, int Height) Tile(List<byte[]> panels, string title, int gridColumns, int gridRows, int cellWidth, int cellHeight)
    {
        const int band = 40;
        int width = gridColumns * cellWidth, height = band + gridRows * cellHeight;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 20);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(title, width / 2f, band - 12, SKTextAlign.Center, font, ink);
        for (int i = 0; i < panels.Count; i++)
        {
            using var panel = SKBitmap.Decode(panels[i]);
            canvas.DrawBitmap(panel, (i % gridColumns) * cellWidth, band + (i / gridColumns) * cellHeight);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return (data.ToArray(), width, height);
    }
}
