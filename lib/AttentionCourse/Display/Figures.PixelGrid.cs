using System.Globalization;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace AttentionCourse.Display;

/// <summary>One panel of <see cref="Figures.PixelGrid"/>: a small image or a map over pixels or patches, with a caption.</summary>
/// <param name="Values">(rows, columns) values; row 0 is drawn at the top.</param>
/// <param name="Title">Caption above the panel.</param>
/// <param name="Boxes">Rectangles drawn over it, in cell units; default none.</param>
/// <param name="Marks">Cells outlined with a small square (e.g. the pixel being generated); default none.</param>
public sealed record PixelPanel(double[,] Values, string Title, IReadOnlyList<PanelBox>? Boxes = null, IReadOnlyList<(int Row, int Column)>? Marks = null);

/// <summary>A rectangle over a <see cref="PixelPanel"/>: rows Top..Bottom and columns Left..Right in cell units (end-exclusive).</summary>
/// <param name="Top">Top edge.</param>
/// <param name="Left">Left edge.</param>
/// <param name="Bottom">Bottom edge.</param>
/// <param name="Right">Right edge.</param>
/// <param name="Colour">A CSS/Skia colour name or #rrggbb, e.g. "red".</param>
public sealed record PanelBox(double Top, double Left, double Bottom, double Right, string Colour);

public static partial class Figures
{
    /// <summary>
    /// A grid of small images or maps (digits, samples, attention over pixels or patches) on one fixed colour scale
    /// [<paramref name="min"/>, <paramref name="max"/>] with a labelled colour bar, captions, optional boxes, and axis
    /// titles naming what the cells are. Row 0 of every panel is at the top, in the PNG and in the interactive version.
    /// Chapters 14 and 15.
    /// </summary>
    /// <param name="panels">The panels, all the same shape.</param>
    /// <param name="columns">Panels per grid row.</param>
    /// <param name="title">Figure title.</param>
    /// <param name="min">Value drawn at the bottom of the colour scale.</param>
    /// <param name="max">Value drawn at the top of the colour scale.</param>
    /// <param name="colourBarTitle">What the colour means, e.g. "grey level (0-16)" or "attention weight".</param>
    /// <param name="cellTitle">What a cell is, e.g. "pixel" or "patch"; written under the grid with the axes' meaning.</param>
    /// <param name="grey">True: white (min) to black (max), for images; false: Viridis, for weights. Default false.</param>
    /// <param name="cellSize">Pixels per cell in the PNG; default 12.</param>
    public static Figure PixelGrid(IReadOnlyList<PixelPanel> panels, int columns, string title, double min, double max,
        string colourBarTitle, string cellTitle = "pixel", bool grey = false, int cellSize = 12)
    {
        if (panels.Count == 0) throw new ArgumentException("PixelGrid needs at least one panel.", nameof(panels));
        if (!(max > min)) throw new ArgumentException($"The colour scale needs max > min, got [{min}, {max}].");
        int rows = panels[0].Values.GetLength(0), cols = panels[0].Values.GetLength(1);
        if (panels.Any(p => p.Values.GetLength(0) != rows || p.Values.GetLength(1) != cols))
            throw new ArgumentException("All panels must have the same shape.", nameof(panels));
        columns = Math.Clamp(columns, 1, panels.Count);
        int gridRows = (panels.Count + columns - 1) / columns;
        var png = PixelGridPng(panels, columns, gridRows, rows, cols, title, min, max, colourBarTitle, cellTitle, grey, cellSize, out int width, out int height);
        var json = PixelGridPlotly(panels, columns, gridRows, rows, cols, title, min, max, colourBarTitle, grey, width, height);
        var description = $"{title}. {panels.Count} panels of {rows} x {cols} {cellTitle}s (rows top to bottom, columns left to right), " +
            $"colour = {colourBarTitle} on a fixed scale from {Fmt(min)} to {Fmt(max)}. Panels: {string.Join("; ", panels.Select(p => p.Title))}.";
        return new Figure(title, description, png, json, width, height);
    }

    /// <summary>The colour of <paramref name="value"/> on the fixed scale; values outside it are clamped.</summary>
    internal static SKColor PixelColour(double value, double min, double max, bool grey)
    {
        double f = double.IsFinite(value) ? Math.Clamp((value - min) / (max - min), 0, 1) : 0;
        if (grey) { byte g = (byte)Math.Round(255 * (1 - f)); return new SKColor(g, g, g); }
        var c = new ScottPlot.Colormaps.Viridis().GetColor(f);
        return new SKColor(c.R, c.G, c.B);
    }

    static byte[] PixelGridPng(IReadOnlyList<PixelPanel> panels, int columns, int gridRows, int rows, int cols, string title,
        double min, double max, string barTitle, string cellTitle, bool grey, int cell, out int width, out int height)
    {
        const int band = 36, caption = 18, gap = 14, margin = 10, barWidth = 16, barSpace = 90, footer = 24;
        int panelW = cols * cell, panelH = rows * cell;
        width = Math.Max(margin * 2 + columns * (panelW + gap) + barSpace, 360);
        height = band + gridRows * (panelH + caption + gap) + footer;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var titleFont = new SKFont(SKTypeface.Default, 16);
        using var font = new SKFont(SKTypeface.Default, 11);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var fill = new SKPaint { Style = SKPaintStyle.Fill };
        using var outline = new SKPaint { Style = SKPaintStyle.Stroke, StrokeWidth = 2, IsAntialias = true };
        canvas.DrawText(title, width / 2f, 24, SKTextAlign.Center, titleFont, ink);
        for (int i = 0; i < panels.Count; i++)
        {
            var panel = panels[i];
            float x0 = margin + i % columns * (panelW + gap), y0 = band + i / columns * (panelH + caption + gap) + caption;
            canvas.DrawText(Clip(panel.Title, panelW + gap, font), x0 + panelW / 2f, y0 - 5, SKTextAlign.Center, font, ink);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                {
                    fill.Color = PixelColour(panel.Values[r, c], min, max, grey);
                    canvas.DrawRect(x0 + c * cell, y0 + r * cell, cell, cell, fill);
                }
            outline.Color = SKColors.Gray; outline.StrokeWidth = 1;
            canvas.DrawRect(x0, y0, panelW, panelH, outline);
            outline.StrokeWidth = 2;
            foreach (var b in panel.Boxes ?? [])
            {
                outline.Color = SKColor.TryParse(b.Colour, out var colour) ? colour : NamedColour(b.Colour);
                canvas.DrawRect(x0 + (float)(b.Left * cell), y0 + (float)(b.Top * cell), (float)((b.Right - b.Left) * cell), (float)((b.Bottom - b.Top) * cell), outline);
            }
            outline.Color = SKColors.Red;
            foreach (var (r, c) in panel.Marks ?? [])
                canvas.DrawRect(x0 + c * cell + 1, y0 + r * cell + 1, cell - 2, cell - 2, outline);
        }
        // The colour bar: max at the top, min at the bottom, with its title.
        float bx = width - barSpace + 20, by = band + caption, bh = Math.Max(60, Math.Min(height - band - caption - footer - 10, 200));
        for (int y = 0; y < (int)bh; y++)
        {
            fill.Color = PixelColour(max - (max - min) * y / (bh - 1), min, max, grey);
            canvas.DrawRect(bx, by + y, barWidth, 1, fill);
        }
        outline.Color = SKColors.Gray; outline.StrokeWidth = 1;
        canvas.DrawRect(bx, by, barWidth, bh, outline);
        canvas.DrawText(Fmt(max), bx + barWidth + 4, by + 9, SKTextAlign.Left, font, ink);
        canvas.DrawText(Fmt(min), bx + barWidth + 4, by + bh, SKTextAlign.Left, font, ink);
        canvas.Save();
        canvas.RotateDegrees(-90, bx - 6, by + bh / 2);
        canvas.DrawText(barTitle, bx - 6, by + bh / 2, SKTextAlign.Center, font, ink);
        canvas.Restore();
        canvas.DrawText($"each cell is one {cellTitle}: rows top to bottom, columns left to right", margin, height - 8, SKTextAlign.Left, font, ink);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    static string PixelGridPlotly(IReadOnlyList<PixelPanel> panels, int columns, int gridRows, int rows, int cols, string title,
        double min, double max, string barTitle, bool grey, int width, int height)
    {
        // One mosaic heatmap: panel i's cell (r, c) sits at row (i / columns)·(rows + 1) + r, column (i % columns)·(cols + 1) + c;
        // the gaps between panels are null (not drawn). The y axis is reversed so row 0 is on top.
        int H = gridRows * (rows + 1) - 1, W = columns * (cols + 1) - 1;
        var z = new JsonArray();
        for (int y = 0; y < H; y++)
        {
            var line = new JsonArray();
            for (int x = 0; x < W; x++)
            {
                int pr = y / (rows + 1), r = y % (rows + 1), pc = x / (cols + 1), c = x % (cols + 1), i = pr * columns + pc;
                line.Add(r == rows || c == cols || i >= panels.Count ? null : JsonValue.Create(Math.Round(panels[i].Values[r, c], 4)));
            }
            z.Add(line);
        }
        var scale = grey ? new JsonArray(new JsonArray(0, "#ffffff"), new JsonArray(1, "#000000")) : (JsonNode)JsonValue.Create("Viridis")!;
        var trace = new JsonObject
        {
            ["type"] = "heatmap", ["z"] = z, ["zmin"] = min, ["zmax"] = max, ["colorscale"] = scale,
            ["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = barTitle } }, ["hoverongaps"] = false,
        };
        var annotations = new JsonArray();
        var shapes = new JsonArray();
        for (int i = 0; i < panels.Count; i++)
        {
            double ox = i % columns * (cols + 1) - 0.5, oy = i / columns * (rows + 1) - 0.5;
            annotations.Add(new JsonObject { ["x"] = ox + cols / 2.0, ["y"] = oy, ["text"] = panels[i].Title, ["showarrow"] = false, ["yanchor"] = "bottom", ["font"] = new JsonObject { ["size"] = 10 } });
            foreach (var b in panels[i].Boxes ?? [])
                shapes.Add(new JsonObject { ["type"] = "rect", ["x0"] = ox + b.Left, ["x1"] = ox + b.Right, ["y0"] = oy + b.Top, ["y1"] = oy + b.Bottom, ["line"] = new JsonObject { ["color"] = b.Colour, ["width"] = 2 } });
        }
        var layout = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = title }, ["width"] = width, ["height"] = height + 40,
            ["xaxis"] = new JsonObject { ["visible"] = false }, ["yaxis"] = new JsonObject { ["visible"] = false, ["autorange"] = "reversed", ["scaleanchor"] = "x" },
            ["annotations"] = annotations, ["shapes"] = shapes, ["plot_bgcolor"] = "#ffffff",
        };
        return new JsonObject { ["data"] = new JsonArray(trace), ["layout"] = layout, ["frames"] = new JsonArray() }.ToJsonString();
    }

    static SKColor NamedColour(string name) => name.ToLowerInvariant() switch
    {
        "red" => SKColors.Red, "orange" => SKColors.Orange, "white" => SKColors.White, "cyan" => SKColors.Cyan,
        "magenta" => SKColors.Magenta, "lime" => SKColors.Lime, "blue" => SKColors.Blue, _ => SKColors.Black,
    };

    static string Clip(string text, float width, SKFont font)
    {
        while (text.Length > 3 && font.MeasureText(text) > width) text = text[..^2] + "…";
        return text;
    }

    static string Fmt(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
