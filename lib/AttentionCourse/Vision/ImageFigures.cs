using System.Text.Json;
using AttentionCourse.Display;
using AttentionCourse.Tasks;
using SkiaSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Vision;

/// <summary>One panel of <see cref="ImageFigures.Overlay"/>: a grey image, an optional map drawn over it, an optional box.</summary>
/// <param name="Image">(H, W) grey levels in [0, 1], or null for the map alone.</param>
/// <param name="Map">(h, w) map, stretched over the image (each cell over (H/h) × (W/w) pixels), or null.</param>
/// <param name="Title">Text above the panel.</param>
/// <param name="Box">A box to outline in green, in image pixels, or null.</param>
public sealed record ImagePanel(Tensor? Image, Tensor? Map, string Title, Box? Box = null);

/// <summary>
/// Maps drawn over images (chapters 12 and 13): attention per pixel, feature-map cell or patch, on a fixed colour
/// scale with a labelled colour bar, panels on a grid that fits about 1200 px.
/// </summary>
public static class ImageFigures
{
    const int Cell = 150, TitleBand = 22, Margin = 8, BarWidth = 90, Band = 40, AxisBand = 26;

    /// <summary>Draws panels on a grid with one colour bar.</summary>
    /// <param name="panels">The panels; every map must lie in [<paramref name="min"/>, <paramref name="max"/>].</param>
    /// <param name="title">Figure title.</param>
    /// <param name="colourBarLabel">What the colour means, e.g. "spatial weight".</param>
    /// <param name="columns">Panels per row; default up to 6.</param>
    /// <param name="min">Value at the bottom of the colour scale; default 0.</param>
    /// <param name="max">Value at the top; default 1.</param>
    /// <param name="xTitle">Text under the grid (what the columns are, e.g. "pixels"); default none.</param>
    /// <param name="yTitle">Text left of the grid; default none.</param>
    /// <param name="cell">Panel side in pixels; default 150.</param>
    public static Figure Overlay(IReadOnlyList<ImagePanel> panels, string title, string colourBarLabel, int? columns = null,
        double min = 0, double max = 1, string xTitle = "", string yTitle = "", int cell = Cell)
    {
        if (panels.Count == 0) throw new ArgumentException("Overlay needs at least one panel.", nameof(panels));
        int cols = columns ?? Math.Min(panels.Count, 6), rows = (panels.Count + cols - 1) / cols;
        bool diverging = min < 0;
        int left = yTitle.Length > 0 ? AxisBand : 0, bottom = xTitle.Length > 0 ? AxisBand : 0;
        using var font = new SKFont(SKTypeface.Default, 18);
        int gridWidth = left + cols * (cell + Margin) + BarWidth;
        int width = Math.Max(gridWidth, (int)Math.Ceiling(font.MeasureText(title)) + 24);   // never cut the title
        int height = Band + rows * (cell + TitleBand + Margin) + bottom;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var small = new SKFont(SKTypeface.Default, 12);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(title, width / 2f, Band - 14, SKTextAlign.Center, font, ink);
        for (int p = 0; p < panels.Count; p++)
        {
            float x0 = left + (p % cols) * (cell + Margin), y0 = Band + (p / cols) * (cell + TitleBand + Margin);
            canvas.DrawText(panels[p].Title, x0 + cell / 2f, y0 + 15, SKTextAlign.Center, small, ink);
            DrawPanel(canvas, panels[p], x0, y0 + TitleBand, cell, min, max, diverging);
        }
        DrawColourBar(canvas, gridWidth - BarWidth + 14, Band + 10, Math.Min(rows * (cell + TitleBand), 300), min, max, diverging, colourBarLabel, small, ink);
        if (xTitle.Length > 0) canvas.DrawText(xTitle, left + cols * (cell + Margin) / 2f, height - 8, SKTextAlign.Center, small, ink);
        if (yTitle.Length > 0)
        {
            canvas.Save();
            canvas.RotateDegrees(-90, 16, Band + rows * (cell + TitleBand) / 2f);
            canvas.DrawText(yTitle, 16, Band + rows * (cell + TitleBand) / 2f, SKTextAlign.Center, small, ink);
            canvas.Restore();
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        var png = data.ToArray();
        var description = $"{title}. {panels.Count} panels: {string.Join("; ", panels.Select(p => p.Title))}. Colour: {colourBarLabel}, from {min} to {max}.";
        return new Figure(title, description, png, PlotlyImage(png, width, height), width, height);
    }

    static void DrawPanel(SKCanvas canvas, ImagePanel panel, float x0, float y0, int cell, double min, double max, bool diverging)
    {
        float[,]? img = panel.Image is null ? null : Grid(panel.Image);
        float[,]? map = panel.Map is null ? null : Grid(panel.Map);
        int h = img?.GetLength(0) ?? map!.GetLength(0), w = img?.GetLength(1) ?? map!.GetLength(1);
        float sy = cell / (float)h, sx = cell / (float)w;
        using var paint = new SKPaint();
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++)
            {
                var colour = SKColors.White;
                if (img is not null) { var g = (byte)Math.Clamp(img[r, c] * 255, 0, 255); colour = new SKColor(g, g, g); }
                if (map is not null)
                {
                    int mr = r * map.GetLength(0) / h, mc = c * map.GetLength(1) / w;
                    var t = (map[mr, mc] - min) / (max - min);
                    var m = Colour(Math.Clamp(t, 0, 1), diverging);
                    colour = img is null ? m : Blend(colour, m, 0.6);
                }
                paint.Color = colour;
                canvas.DrawRect(x0 + c * sx, y0 + r * sy, sx + 0.5f, sy + 0.5f, paint);
            }
        if (panel.Box is { } b)
        {
            using var stroke = new SKPaint { Color = new SKColor(0, 220, 0), Style = SKPaintStyle.Stroke, StrokeWidth = 2, IsAntialias = true };
            canvas.DrawRect(x0 + b.Left * sx, y0 + b.Top * sy, b.Width * sx, b.Height * sy, stroke);
        }
    }

    static void DrawColourBar(SKCanvas canvas, float x, float y, float height, double min, double max, bool diverging,
        string label, SKFont font, SKPaint ink)
    {
        using var paint = new SKPaint();
        for (int i = 0; i < (int)height; i++)
        {
            paint.Color = Colour(1 - i / height, diverging);
            canvas.DrawRect(x, y + i, 16, 1.5f, paint);
        }
        foreach (var t in new[] { 0.0, 0.5, 1.0 })
        {
            var v = min + t * (max - min);
            canvas.DrawText(v.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), x + 20, y + (float)((1 - t) * height) + 4, SKTextAlign.Left, font, ink);
        }
        canvas.Save();
        canvas.RotateDegrees(90, x + 56, y + height / 2);
        canvas.DrawText(label, x + 56, y + height / 2, SKTextAlign.Center, font, ink);
        canvas.Restore();
    }

    /// <summary>A perceptually ordered ramp (dark blue → green → yellow, viridis-like) or blue-white-red for signed values.</summary>
    static SKColor Colour(double t, bool diverging)
    {
        (double r, double g, double b)[] stops = diverging
            ? [(0.23, 0.30, 0.75), (0.87, 0.87, 0.87), (0.71, 0.02, 0.15)]
            : [(0.27, 0.00, 0.33), (0.23, 0.32, 0.55), (0.13, 0.57, 0.55), (0.37, 0.79, 0.38), (0.99, 0.91, 0.14)];
        var s = t * (stops.Length - 1);
        int i = Math.Min((int)s, stops.Length - 2);
        var f = s - i;
        var (r0, g0, b0) = stops[i];
        var (r1, g1, b1) = stops[i + 1];
        return new SKColor((byte)(255 * (r0 + f * (r1 - r0))), (byte)(255 * (g0 + f * (g1 - g0))), (byte)(255 * (b0 + f * (b1 - b0))));
    }

    static SKColor Blend(SKColor under, SKColor over, double alpha) => new(
        (byte)(under.Red * (1 - alpha) + over.Red * alpha), (byte)(under.Green * (1 - alpha) + over.Green * alpha),
        (byte)(under.Blue * (1 - alpha) + over.Blue * alpha));

    static float[,] Grid(Tensor t)
    {
        var m = t.detach().cpu().to(ScalarType.Float32);
        if (m.dim() == 3 && m.shape[0] == 1) m = m.squeeze(0);
        if (m.dim() != 2) throw new ArgumentException($"A panel's image or map must be (H, W); got ({string.Join(", ", t.shape)}).");
        int h = (int)m.shape[0], w = (int)m.shape[1];
        var flat = m.contiguous().data<float>().ToArray();
        var grid = new float[h, w];
        Buffer.BlockCopy(flat, 0, grid, 0, flat.Length * sizeof(float));
        return grid;
    }

    /// <summary>The interactive version is the same picture as a Plotly image trace, so every viewer shows one figure.</summary>
    static string PlotlyImage(byte[] png, int width, int height) => JsonSerializer.Serialize(new
    {
        data = new[] { new { type = "image", source = "data:image/png;base64," + Convert.ToBase64String(png), hoverinfo = "skip" } },
        layout = new
        {
            width, height, margin = new { l = 0, r = 0, t = 0, b = 0 },
            xaxis = new { visible = false }, yaxis = new { visible = false },
        },
        frames = Array.Empty<object>(),
    });
}
