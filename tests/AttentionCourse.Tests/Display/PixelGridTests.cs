using AttentionCourse.Display;
using SkiaSharp;

namespace AttentionCourse.Tests.Display;

public class PixelGridTests
{
    [Fact]
    public void Pixel_grid_puts_row_zero_on_top_and_keeps_the_colour_scale_fixed()
    {
        // One 2 x 2 panel: top-left 0 (bottom of the scale), bottom-right 1 (top), on a fixed [0, 1] scale.
        var values = new double[,] { { 0, 0.5 }, { 0.5, 1 } };
        var figure = Figures.PixelGrid([new PixelPanel(values, "p")], 1, "t", 0, 1, "attention weight", cellSize: 20);
        using var bitmap = SKBitmap.Decode(figure.PngBytes);
        Assert.Equal(figure.Width, bitmap.Width);
        // The panel starts at x = 10 (margin), y = 36 (title band) + 18 (caption).
        var topLeft = bitmap.GetPixel(10 + 10, 54 + 10);
        var bottomRight = bitmap.GetPixel(10 + 30, 54 + 30);
        Assert.Equal(Figures.PixelColour(0, 0, 1, grey: false), topLeft);
        Assert.Equal(Figures.PixelColour(1, 0, 1, grey: false), bottomRight);
        // The same values on a wider fixed scale are darker: the scale does not stretch to the data.
        var wide = Figures.PixelGrid([new PixelPanel(values, "p")], 1, "t", 0, 2, "attention weight", cellSize: 20);
        using var wideBitmap = SKBitmap.Decode(wide.PngBytes);
        Assert.Equal(Figures.PixelColour(0.5, 0, 1, grey: false), wideBitmap.GetPixel(40, 84));
        Assert.Contains("\"zmin\":0", figure.PlotlyJson);
        Assert.Contains("\"zmax\":1", figure.PlotlyJson);
        Assert.Contains("\"autorange\":\"reversed\"", figure.PlotlyJson);
    }

    [Fact]
    public void Grey_scale_draws_zero_white_and_the_maximum_black()
    {
        Assert.Equal(SKColors.White, Figures.PixelColour(0, 0, 16, grey: true));
        Assert.Equal(SKColors.Black, Figures.PixelColour(16, 0, 16, grey: true));
        Assert.Equal(SKColors.Black, Figures.PixelColour(99, 0, 16, grey: true));   // clamped
    }

    [Fact]
    public void Panels_of_different_shapes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Figures.PixelGrid([new PixelPanel(new double[2, 2], "a"), new PixelPanel(new double[3, 2], "b")], 2, "t", 0, 1, "w"));
        Assert.Throws<ArgumentException>(() => Figures.PixelGrid([new PixelPanel(new double[2, 2], "a")], 1, "t", 1, 1, "w"));
    }
}
