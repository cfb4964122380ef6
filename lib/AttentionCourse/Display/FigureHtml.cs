using System.Net;

namespace AttentionCourse.Display;

/// <summary>
/// Writes a <see cref="Figure"/> as one self-contained HTML fragment: the static PNG first, then a script
/// that loads plotly.js (through require.js when the page has it, else a script tag) and replaces the
/// image with the interactive chart once it has drawn. If plotly.js cannot load, the image stays.
/// </summary>
static class FigureHtml
{
    /// <summary>The plotly.js version Plotly.NET 6.0.0 targets.</summary>
    internal const string PlotlyJsVersion = "2.28.0";

    /// <summary>Plotly.NET's own CDN address for that version, without the <c>.js</c> (require.js adds it).</summary>
    internal const string PlotlyCdn = "https://cdn.plot.ly/plotly-" + PlotlyJsVersion + ".min";

    internal static string Render(Figure figure)
    {
        var id = figure.ElementId;
        var png = Convert.ToBase64String(figure.PngBytes);
        var alt = WebUtility.HtmlEncode(figure.Description);
        // Inside <script>, "<" must never start "</script>" or "<!--": JSON allows \u003c in strings.
        var json = figure.PlotlyJson.Replace("<", "\\u003c");
        return $$"""
            <div id="{{id}}" class="attention-course-figure" style="max-width:{{figure.Width}}px">
            <img src="data:image/png;base64,{{png}}" alt="{{alt}}" width="{{figure.Width}}" height="{{figure.Height}}" style="max-width:100%;height:auto">
            </div>
            <script type="text/javascript">
            (function () {
              var root = document.getElementById("{{id}}");
              if (!root) return;
              var figure = {{json}};
              function draw(Plotly) {
                if (!Plotly || !Plotly.newPlot) return;
                var target = document.createElement("div");
                root.appendChild(target);
                Plotly.newPlot(target, figure.data, figure.layout, { responsive: true }).then(function () {
                  var img = root.querySelector("img");
                  if (img) img.remove();
                }, function () { target.remove(); });
              }
              var src = "{{PlotlyCdn}}";
              var req = window.requirejs || window.require;
              if (window.Plotly) { draw(window.Plotly); }
              else if (req && typeof req.config === "function") {
                var load = req.config({ context: "attention-course", paths: { plotly: src } });
                load(["plotly"], draw, function () { });
              } else {
                var script = document.createElement("script");
                script.src = src + ".js";
                script.onload = function () { draw(window.Plotly); };
                document.head.appendChild(script);
              }
            })();
            </script>
            """;
    }
}
