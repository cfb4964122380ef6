using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.Data.Analysis;

namespace AttentionCourse.Display;

/// <summary>
/// Plain, deterministic HTML tables: a header row of column names, one row per record, numbers formatted
/// invariantly with 6 significant digits, and at most <see cref="DefaultMaxRows"/> rows followed by
/// "… N more rows". No ids, no scripts, no timestamps: the same data gives the same bytes.
/// </summary>
public static class Tables
{
    /// <summary>Rows shown before the "… N more rows" line. Default 20.</summary>
    public const int DefaultMaxRows = 20;

    /// <summary>A DataFrame as an HTML table (the DataFrame <c>text/html</c> formatter in notebooks).</summary>
    /// <param name="frame">The data frame.</param>
    /// <param name="maxRows">Rows to show; default 20.</param>
    public static string Html(DataFrame frame, int maxRows = DefaultMaxRows)
    {
        var headers = frame.Columns.Select(c => c.Name).ToList();
        var rows = new List<IEnumerable<object?>>();
        for (long r = 0; r < Math.Min(frame.Rows.Count, maxRows); r++)
            rows.Add(frame.Columns.Select(c => c[r]).ToList());
        return Build(headers, rows, frame.Rows.Count);
    }

    /// <summary>Records (or any objects) as an HTML table: one column per public property, in declaration order.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="items">The rows.</param>
    /// <param name="maxRows">Rows to show; default 20.</param>
    public static string Html<T>(IEnumerable<T> items, int maxRows = DefaultMaxRows)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        var all = items.ToList();
        var rows = all.Take(maxRows).Select(item => properties.Select(p => p.GetValue(item)).ToList());
        return Build(properties.Select(p => p.Name).ToList(), rows, all.Count);
    }

    /// <summary>One cell's text: numbers invariant with up to 6 significant digits, null as empty.</summary>
    internal static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        decimal m => m.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string Build(List<string> headers, IEnumerable<IEnumerable<object?>> rows, long total)
    {
        var html = new StringBuilder("<table class=\"attention-course-table\">\n<thead><tr>");
        foreach (var h in headers) html.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        long shown = 0;
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                var numeric = cell is double or float or decimal or int or long or short or byte;
                html.Append(numeric ? "<td style=\"text-align:right\">" : "<td>").Append(WebUtility.HtmlEncode(Cell(cell))).Append("</td>");
            }
            html.Append("</tr>\n");
            shown++;
        }
        if (total > shown)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{Math.Max(headers.Count, 1)}\">… {total - shown} more rows</td></tr>\n");
        return html.Append("</tbody>\n</table>").ToString();
    }
}
