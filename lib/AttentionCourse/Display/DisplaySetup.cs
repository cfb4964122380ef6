using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;

namespace AttentionCourse.Display;

/// <summary>
/// Registers the course's <c>text/html</c> formatters when the library loads, so <c>display(fig)</c> or a trailing
/// <c>fig</c> in a notebook shows the chart, and a DataFrame shows as a plain table.
/// </summary>
static class DisplaySetup
{
#pragma warning disable CA2255 // A library module initializer is the point: formatters must exist before the first display.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        Formatter.Register<Figure>((figure, writer) => writer.Write(figure.ToHtml()), HtmlFormatter.MimeType);
        Formatter.Register<DataFrame>((frame, writer) => writer.Write(Tables.Html(frame)), HtmlFormatter.MimeType);
    }
}
