using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace AttentionCourse.Display;

/// <summary>
/// The static (PNG) heatmap, drawn with ScottPlot 5. ScottPlot draws data row 0 at the top of a heatmap
/// while its y axis counts up from the bottom, so row <c>r</c> of a (T, S) matrix sits at y = T - 1 - r;
/// each row label goes at that same y (<see cref="RowY"/>). A test pins this.
/// </summary>
static class StaticHeatmap
{
    /// <summary>Cells up to this many get their value written inside.</summary>
    const int MaxAnnotatedCells = 100;

    /// <summary>The y coordinate of the centre of data row <paramref name="row"/> in a heatmap of <paramref name="rows"/> rows.</summary>
    internal static double RowY(int row, int rows) => rows - 1 - row;

    /// <summary>Pixel size of a heatmap with (rows, cols) cells: about 36 px a cell plus room for labels and colour bar.</summary>
    internal static (int Width, int Height) Size(int rows, int cols, int longestColumnLabel, int longestRowLabel, int titleLength = 0) =>
        (Math.Clamp(Math.Max(200 + 7 * longestRowLabel + 36 * cols, 60 + 10 * titleLength), 360, 1000),
         Math.Clamp(150 + 6 * longestColumnLabel + 36 * rows, 300, 1000));

    /// <summary>Builds the ScottPlot plot for a (T, S) matrix with T row labels and S column labels.</summary>
    internal static Plot Build(double[,] values, string[] rowLabels, string[] columnLabels,
        string title, string xTitle, string yTitle, (double Min, double Max) range, string? colorBarTitle = null)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(range.Min, range.Max);
        heatmap.Rectangle = new CoordinateRect(-0.5, cols - 0.5, -0.5, rows - 0.5);   // cell (r, c) centred on (c, T-1-r)
        var colorBar = plot.Add.ColorBar(heatmap);
        if (!string.IsNullOrEmpty(colorBarTitle)) colorBar.Label = colorBarTitle;

        var yTicks = new NumericManual();
        for (int r = 0; r < rows; r++) yTicks.AddMajor(RowY(r, rows), rowLabels[r]);
        plot.Axes.Left.TickGenerator = yTicks;
        var xTicks = new NumericManual();
        for (int c = 0; c < cols; c++) xTicks.AddMajor(c, columnLabels[c]);
        plot.Axes.Bottom.TickGenerator = xTicks;
        if (columnLabels.Any(l => l.Length > 3) && cols > 4)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            // Rotated labels need room below the axis, or they run into the axis title.
            plot.Axes.Bottom.MinimumSize = 45 + 6.5f * columnLabels.Max(l => l.Length);
        }

        if (rows * cols <= MaxAnnotatedCells) Annotate(plot, values, range);
        plot.Axes.SetLimits(-0.5, cols - 0.5, -0.5, rows - 0.5);
        plot.HideGrid();
        plot.Title(title);
        plot.XLabel(xTitle);
        plot.YLabel(yTitle);
        return plot;
    }

    /// <summary>Renders the plot to PNG bytes.</summary>
    internal static byte[] Png(Plot plot, int width, int height) => plot.GetImageBytes(width, height, ImageFormat.Png);

    static void Annotate(Plot plot, double[,] values, (double Min, double Max) range)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                var v = values[r, c];
                var text = plot.Add.Text(v.ToString("0.00", CultureInfo.InvariantCulture), c, RowY(r, rows));
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = 11;
                // Viridis is dark below the middle and light above it.
                var bright = (v - range.Min) / (range.Max - range.Min) > 0.6;
                text.LabelFontColor = bright ? Colors.Black : Colors.White;
            }
    }
}
