using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;

namespace AttentionCourse.Notebooks;

/// <summary>
/// Turns values into display outputs the way .NET Interactive's C# kernel does: strings as
/// <c>text/plain</c>, other objects as <c>text/html</c> through Microsoft.DotNet.Interactive.Formatting
/// (so formatters that libraries register, and TorchSharp's formatter source, apply).
/// </summary>
public static partial class Display
{
    static Action<CellOutput>? _sink;

    internal static IDisposable Route(Action<CellOutput> sink)
    {
        _sink = sink;
        return new Unroute();
    }

    /// <summary>Formats <paramref name="value"/> for a notebook: one MIME type, text/plain for strings and null, else text/html unless <paramref name="mimeTypes"/> names others.</summary>
    public static DisplayOutput Format(object? value, bool isResult = false, params string[] mimeTypes)
    {
        var data = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (mimeTypes.Length > 0)
        {
            foreach (var mime in mimeTypes) data[mime] = Formatter.ToDisplayString(value, mime);
        }
        else if (value is string html && LooksLikeHtml(html))
        {
            // Tables and figures returned as HTML strings render as HTML, with the markup as the plain fallback.
            data["text/html"] = html;
            data["text/plain"] = html;
        }
        else if (value is null or string)
        {
            data["text/plain"] = value as string ?? Formatter.NullString;
        }
        else
        {
            data["text/html"] = Formatter.ToDisplayString(value, "text/html");
        }
        // A figure's PNG also goes in the bundle as image/png, for renderers that strip HTML
        // (GitHub's notebook view, nbviewer's sanitiser, PDF export).
        if (data.TryGetValue("text/html", out var markup) && !data.ContainsKey("image/png") && SinglePng(markup) is { } png)
            data["image/png"] = png;
        return new DisplayOutput(data, isResult);
    }

    /// <summary>A string that is an HTML fragment: starts with a tag the course's tables and figures use, and ends with a closing tag.</summary>
    internal static bool LooksLikeHtml(string text)
    {
        var t = text.AsSpan().Trim();
        return t.Length > 7 && t[^1] == '>' && HtmlStart().IsMatch(t.ToString()) && t.LastIndexOf("</", StringComparison.Ordinal) >= 0;
    }

    /// <summary>The base64 of the one embedded PNG in <paramref name="html"/>, or null when there is none or more than one.</summary>
    internal static string? SinglePng(string html)
    {
        var matches = EmbeddedPng().Matches(html);
        return matches.Count == 1 ? matches[0].Groups["png"].Value : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex("""^<(table|div|figure|svg|p|h[1-6]|ul|ol|dl|pre|details|section|style)\b""", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex HtmlStart();

    [System.Text.RegularExpressions.GeneratedRegex("""<img\b[^>]*\bsrc\s*=\s*["']data:image/png;base64,(?<png>[A-Za-z0-9+/=]+)["']""", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex EmbeddedPng();

    /// <summary>Sends a formatted value to the running cell's outputs.</summary>
    public static DisplayedValue Show(object? value, params string[] mimeTypes)
    {
        var sink = _sink ?? throw new InvalidOperationException("display() was called outside a running notebook cell.");
        sink(Format(value, false, mimeTypes));
        return new DisplayedValue(sink);
    }

    sealed class Unroute : IDisposable
    {
        public void Dispose() => _sink = null;
    }
}

/// <summary>What <c>display(x)</c> returns, as in .NET Interactive. <see cref="Update"/> shows the new value as a further output.</summary>
public sealed class DisplayedValue
{
    readonly Action<CellOutput> _sink;

    internal DisplayedValue(Action<CellOutput> sink) => _sink = sink;

    /// <summary>Shows <paramref name="value"/> (a static notebook cannot replace an earlier output, so it is appended).</summary>
    public void Update(object? value) => _sink(Display.Format(value));
}

/// <summary>
/// The globals every cell sees, so notebooks written for .NET Interactive
/// (<c>using static Microsoft.DotNet.Interactive.Kernel;</c>) run unchanged: <c>display(x)</c> and <c>HTML(s)</c>.
/// </summary>
public class ScriptGlobals
{
    /// <summary>Displays <paramref name="value"/> as an output of the running cell.</summary>
    public DisplayedValue display(object? value, params string[] mimeTypes) => Display.Show(value, mimeTypes);

    /// <summary>Marks <paramref name="html"/> as HTML, so displaying it renders rather than escapes it.</summary>
    public IHtmlContent HTML(string html) => new HtmlString(html);
}
