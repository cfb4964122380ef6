using System.Security.Cryptography;
using System.Text;

namespace AttentionCourse.Display;

/// <summary>
/// A finished chart: a static PNG drawn in .NET with ScottPlot and the same chart as Plotly JSON
/// (data + layout, from Plotly.NET). In a notebook it shows as an interactive Plotly chart where
/// scripts run (VS Code, Jupyter) and as the PNG where they do not (GitHub's notebook view,
/// exported HTML). Made by <see cref="Figures"/>; used from chapter 01 on.
/// </summary>
public sealed class Figure
{
    internal Figure(string title, string description, byte[] png, string plotlyJson, int width, int height)
    {
        Title = title;
        Description = description;
        PngBytes = png;
        PlotlyJson = plotlyJson;
        Width = width;
        Height = height;
    }

    /// <summary>The chart's title.</summary>
    public string Title { get; }

    /// <summary>A one-paragraph text description (title, row and column labels), used as the image's alt text.</summary>
    public string Description { get; }

    /// <summary>The static rendering as PNG bytes.</summary>
    public byte[] PngBytes { get; }

    /// <summary>The Plotly figure as JSON, <c>{"data": [...], "layout": {...}, "frames": []}</c>, from Plotly.NET's <c>GenericChart.toFigureJson</c>.</summary>
    public string PlotlyJson { get; }

    /// <summary>Width of the PNG in pixels.</summary>
    public int Width { get; }

    /// <summary>Height of the PNG in pixels.</summary>
    public int Height { get; }

    /// <summary>Writes <see cref="PngBytes"/> to <paramref name="path"/>.</summary>
    public void SavePng(string path) => File.WriteAllBytes(path, PngBytes);

    /// <summary>
    /// One HTML fragment: the PNG in a <c>&lt;div&gt;</c>, plus a script that, where scripts run, loads plotly.js
    /// and swaps the image for the interactive chart. The element id is a hash of the content, so the same
    /// figure gives the same bytes on every run.
    /// </summary>
    public string ToHtml() => FigureHtml.Render(this);

    /// <summary>The element id used in <see cref="ToHtml"/>: <c>fig-</c> and 16 hex digits of SHA-256 over the JSON and the PNG.</summary>
    public string ElementId
    {
        get
        {
            var json = Encoding.UTF8.GetBytes(PlotlyJson);
            var all = new byte[json.Length + PngBytes.Length];
            json.CopyTo(all, 0);
            PngBytes.CopyTo(all, json.Length);
            return "fig-" + Convert.ToHexStringLower(SHA256.HashData(all))[..16];
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Figure: {Title} ({Width}x{Height})";
}
