using Plotly.NET;
using TorchSharp;
using PlotlyCharts = Plotly.NET.CSharp.GenericChartExtensions;

namespace AttentionCourse.Display;

/// <summary>
/// The course's charts: attention heatmaps labelled with the tokens, patches or board cells they attend over,
/// grids of heatmaps per layer and head, and line charts of losses and metrics. Each returns a
/// <see cref="Figure"/> that shows interactively in a notebook and as a PNG everywhere else.
/// </summary>
public static partial class Figures
{
    /// <summary>Default title of <see cref="Heatmap(torch.Tensor, IReadOnlyList{string}?, IReadOnlyList{string}?, string, string, string, double?, double?, string?, string, string)"/>.</summary>
    public const string DefaultHeatmapTitle = "Attention weights";

    /// <summary>
    /// Default name of a row in a heatmap's hover text, "query". A heatmap that is not attention (chapter 09's
    /// confusion matrix) names its rows and columns itself, so the hover never says "query" where there is none.
    /// </summary>
    public const string DefaultRowName = "query";

    /// <summary>Default name of a column in a heatmap's hover text, "key".</summary>
    public const string DefaultColumnName = "key";

    /// <summary>
    /// An attention heatmap: row i is query i, column j is key j, colour is the weight α_ij (softmax of the
    /// scores, Bahdanau et al. 2015, Fig. 3; Vaswani et al. 2017, Eq. 1), with a colour bar and, in the
    /// interactive version, the value on hover. Used from chapter 01 on.
    /// </summary>
    /// <param name="weights">Attention weights, shape (T, S): T queries by S keys. Any device and float type.</param>
    /// <param name="rowLabels">T labels, one per query (tokens, patches, board cells); default their positions.</param>
    /// <param name="columnLabels">S labels, one per key; default their positions.</param>
    /// <param name="title">Chart title; default "Attention weights".</param>
    /// <param name="xTitle">Title of the x (key) axis; default "Keys".</param>
    /// <param name="yTitle">Title of the y (query) axis; default "Queries".</param>
    /// <param name="min">Bottom of the colour scale; default the data's minimum. Attention weights use 0.</param>
    /// <param name="max">Top of the colour scale; default the data's maximum. Attention weights use 1, so figures compare.</param>
    /// <param name="colorBarTitle">Label of the colour bar, e.g. "attention weight"; default none.</param>
    /// <param name="rowName">What the hover text calls a row, e.g. "true class" for a confusion matrix; default "query".</param>
    /// <param name="columnName">What the hover text calls a column, e.g. "predicted class"; default "key".</param>
    /// <exception cref="ArgumentException">The tensor is not 2-D, a label count differs from the shape, or max is not above min.</exception>
    public static Figure Heatmap(torch.Tensor weights, IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null,
        string title = DefaultHeatmapTitle, string xTitle = "Keys", string yTitle = "Queries",
        double? min = null, double? max = null, string? colorBarTitle = null,
        string rowName = DefaultRowName, string columnName = DefaultColumnName) =>
        Heatmap(Matrix.FromTensor(weights), rowLabels, columnLabels, title, xTitle, yTitle, min, max, colorBarTitle, rowName, columnName);

    /// <summary>The heatmap of <see cref="Heatmap(torch.Tensor, IReadOnlyList{string}?, IReadOnlyList{string}?, string, string, string, double?, double?, string?, string, string)"/> for a (T, S) float array.</summary>
    /// <param name="weights">Weights, shape (T, S).</param>
    /// <param name="rowLabels">T query labels; default positions.</param>
    /// <param name="columnLabels">S key labels; default positions.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">x axis title; default "Keys".</param>
    /// <param name="yTitle">y axis title; default "Queries".</param>
    /// <param name="min">Bottom of the colour scale; default the data's minimum.</param>
    /// <param name="max">Top of the colour scale; default the data's maximum.</param>
    /// <param name="colorBarTitle">Label of the colour bar; default none.</param>
    /// <param name="rowName">What the hover text calls a row; default "query".</param>
    /// <param name="columnName">What the hover text calls a column; default "key".</param>
    public static Figure Heatmap(float[,] weights, IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null,
        string title = DefaultHeatmapTitle, string xTitle = "Keys", string yTitle = "Queries",
        double? min = null, double? max = null, string? colorBarTitle = null,
        string rowName = DefaultRowName, string columnName = DefaultColumnName) =>
        Heatmap(Matrix.FromFloats(weights), rowLabels, columnLabels, title, xTitle, yTitle, min, max, colorBarTitle, rowName, columnName);

    /// <summary>The heatmap of <see cref="Heatmap(torch.Tensor, IReadOnlyList{string}?, IReadOnlyList{string}?, string, string, string, double?, double?, string?, string, string)"/> for a (T, S) double array.</summary>
    /// <param name="weights">Weights, shape (T, S).</param>
    /// <param name="rowLabels">T query labels; default positions.</param>
    /// <param name="columnLabels">S key labels; default positions.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">x axis title; default "Keys".</param>
    /// <param name="yTitle">y axis title; default "Queries".</param>
    /// <param name="min">Bottom of the colour scale; default the data's minimum.</param>
    /// <param name="max">Top of the colour scale; default the data's maximum.</param>
    /// <param name="colorBarTitle">Label of the colour bar; default none.</param>
    /// <param name="rowName">What the hover text calls a row; default "query".</param>
    /// <param name="columnName">What the hover text calls a column; default "key".</param>
    public static Figure Heatmap(double[,] weights, IReadOnlyList<string>? rowLabels = null, IReadOnlyList<string>? columnLabels = null,
        string title = DefaultHeatmapTitle, string xTitle = "Keys", string yTitle = "Queries",
        double? min = null, double? max = null, string? colorBarTitle = null,
        string rowName = DefaultRowName, string columnName = DefaultColumnName)
    {
        var (rows, columns) = Matrix.Labels(weights, rowLabels, columnLabels);
        var data = Matrix.Range([weights]);
        var range = (Min: min ?? data.Min, Max: max ?? data.Max);
        if (!(range.Max > range.Min))
            throw new ArgumentException($"Heatmap colour scale: max ({range.Max}) must be above min ({range.Min}).", nameof(max));
        var (width, height) = StaticHeatmap.Size(rows.Length, columns.Length, columns.Max(l => l.Length), rows.Max(l => l.Length), title.Length);

        var plot = StaticHeatmap.Build(weights, rows, columns, title, xTitle, yTitle, range, colorBarTitle);
        var png = StaticHeatmap.Png(plot, width, height);

        var chart = InteractiveHeatmap.Build(weights, rows, columns, xTitle, yTitle, range, showScale: true, colorBarTitle: colorBarTitle,
            rowName: rowName, columnName: columnName);
        chart = Titled(chart, title, width, height);
        return new Figure(title, Describe(title, rows, columns, xTitle, yTitle), png, GenericChart.toFigureJson(chart), width, height);
    }

    /// <summary>Adds the title and the pixel size to a Plotly chart.</summary>
    static GenericChart Titled(GenericChart chart, string title, int width, int height)
    {
        chart = Chart.withTitle(title, null).Invoke(chart);
        return PlotlyCharts.WithSize(chart, width, height);
    }

    static string Describe(string title, string[] rows, string[] columns, string xTitle, string yTitle) =>
        $"{title}. Heatmap with {rows.Length} rows ({yTitle}: {string.Join(", ", rows)}) and {columns.Length} columns ({xTitle}: {string.Join(", ", columns)}).";
}
