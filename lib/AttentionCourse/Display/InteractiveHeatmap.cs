using System.Globalization;
using System.Net;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using PChart = Plotly.NET.CSharp.Chart;

namespace AttentionCourse.Display;

/// <summary>
/// The interactive heatmap, built with Plotly.NET. Cells sit at numeric positions 0..S-1 (x) and 0..T-1 (y)
/// with the labels as tick text, so repeated tokens ("the" twice) stay separate rows; the y axis is reversed
/// (<c>autorange: "reversed"</c>) so row 0 is on top, as in the static image. Hover shows the row's and the column's
/// labels under their names (default "query" and "key") and the value.
/// </summary>
static class InteractiveHeatmap
{
    /// <summary>
    /// A Plotly heatmap trace for a (T, S) matrix, with axes styled on subplot <paramref name="axis"/> (1-based);
    /// the hover names a row <paramref name="rowName"/> and a column <paramref name="columnName"/>.
    /// </summary>
    internal static GenericChart Build(double[,] values, string[] rowLabels, string[] columnLabels,
        string xTitle, string yTitle, (double Min, double Max) range, bool showScale, int axis = 1, string? colorBarTitle = null,
        string rowName = Figures.DefaultRowName, string columnName = Figures.DefaultColumnName)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var z = new double[rows][];
        var hover = new string[rows][];
        var (rowHead, columnHead) = (WebUtility.HtmlEncode(rowName), WebUtility.HtmlEncode(columnName));
        for (int r = 0; r < rows; r++)
        {
            z[r] = new double[cols];
            hover[r] = new string[cols];
            for (int c = 0; c < cols; c++)
            {
                z[r][c] = values[r, c];
                hover[r][c] = string.Create(CultureInfo.InvariantCulture, $"{rowHead}: {WebUtility.HtmlEncode(rowLabels[r])}<br>{columnHead}: {WebUtility.HtmlEncode(columnLabels[c])}<br>value: {values[r, c]:0.####}");
            }
        }

        var chart = PChart.Heatmap<double, int, int, string>(z,
            X: Enumerable.Range(0, cols).ToArray(), Y: Enumerable.Range(0, rows).ToArray(),
            ColorScale: StyleParam.Colorscale.Viridis, ShowScale: showScale, UseDefaults: false);
        chart = GenericChart.mapTrace(FuncConvert.FromFunc<Trace, Trace>(trace =>
        {
            trace.SetProperty("text", hover);
            trace.SetProperty("hovertemplate", "%{text}<extra></extra>");
            trace.SetProperty("zmin", range.Min);
            trace.SetProperty("zmax", range.Max);
            if (!string.IsNullOrEmpty(colorBarTitle))
                trace.SetProperty("colorbar", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = colorBarTitle } });
            return trace;
        }), chart);
        return WithAxes(chart, rowLabels, columnLabels, xTitle, yTitle, axis);
    }

    /// <summary>Sets tick labels, titles and the reversed y axis on subplot <paramref name="axis"/>.</summary>
    internal static GenericChart WithAxes(GenericChart chart, string[] rowLabels, string[] columnLabels, string xTitle, string yTitle, int axis)
    {
        var x = Axis(Enumerable.Range(0, columnLabels.Length), columnLabels, xTitle, reversed: false);
        var y = Axis(Enumerable.Range(0, rowLabels.Length), rowLabels, yTitle, reversed: true);
        chart = Chart.withXAxis(x, FSharpOption<StyleParam.SubPlotId>.Some(StyleParam.SubPlotId.NewXAxis(axis))).Invoke(chart);
        return Chart.withYAxis(y, FSharpOption<StyleParam.SubPlotId>.Some(StyleParam.SubPlotId.NewYAxis(axis))).Invoke(chart);
    }

    static LinearAxis Axis(IEnumerable<int> positions, string[] labels, string title, bool reversed)
    {
        var axis = new LinearAxis();
        axis.SetProperty("tickmode", "array");
        axis.SetProperty("tickvals", positions.ToArray());
        axis.SetProperty("ticktext", labels.Select(WebUtility.HtmlEncode).ToArray());   // Plotly reads tick text as HTML: "<pad>" must stay visible
        if (title.Length > 0) axis.SetProperty("title", PlainTitle(title));
        if (reversed) axis.SetProperty("autorange", "reversed");
        return axis;
    }

    internal static Title PlainTitle(string text)
    {
        var title = new Title();
        title.SetProperty("text", text);
        return title;
    }
}
