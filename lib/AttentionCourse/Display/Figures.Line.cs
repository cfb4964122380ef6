using AttentionCourse.Training;
using Plotly.NET;
using ScottPlot;
using PChart = Plotly.NET.CSharp.Chart;
using PlotlyCharts = Plotly.NET.CSharp.GenericChartExtensions;

namespace AttentionCourse.Display;

public static partial class Figures
{
    const int LineWidth = 640, LineHeight = 400;

    /// <summary>A line chart of one or more named series (losses, metrics, timings), with a legend when there are several.</summary>
    /// <param name="series">The lines; each X and Y of equal length.</param>
    /// <param name="title">Chart title; default none.</param>
    /// <param name="xTitle">x axis title; default "epoch".</param>
    /// <param name="yTitle">y axis title; default "loss".</param>
    /// <exception cref="ArgumentException">No series, or a series whose X and Y lengths differ.</exception>
    public static Figure Line(IReadOnlyList<Series> series, string title = "", string xTitle = "epoch", string yTitle = "loss") =>
        Line(series, title, xTitle, yTitle, legendOutside: false);

    /// <summary>The same line chart, with the legend outside the plot area (to its right) when <paramref name="legendOutside"/>,
    /// where it cannot hide a line. Used in chapter 21.</summary>
    /// <param name="series">The lines; each X and Y of equal length.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">x axis title.</param>
    /// <param name="yTitle">y axis title.</param>
    /// <param name="legendOutside">True: legend right of the plot area; false: inside, upper right.</param>
    public static Figure Line(IReadOnlyList<Series> series, string title, string xTitle, string yTitle, bool legendOutside)
    {
        if (series.Count == 0) throw new ArgumentException("Line needs at least one series.", nameof(series));
        foreach (var s in series)
            if (s.X.Count != s.Y.Count)
                throw new ArgumentException($"Series '{s.Name}' has {s.X.Count} x values but {s.Y.Count} y values.", nameof(series));

        var plot = new Plot();
        foreach (var s in series)
        {
            var line = plot.Add.ScatterLine(s.X.ToArray(), s.Y.ToArray());
            line.LegendText = s.Name;
            line.LineWidth = 2;
        }
        if (series.Count > 1 && legendOutside) plot.ShowLegend(Edge.Right);
        else if (series.Count > 1) plot.ShowLegend(Alignment.UpperRight);
        plot.Title(title);
        plot.XLabel(xTitle);
        plot.YLabel(yTitle);
        var png = plot.GetImageBytes(LineWidth, LineHeight, ImageFormat.Png);

        var traces = series.Select(s => PChart.Line<double, double, string>(s.X.ToArray(), s.Y.ToArray(), Name: s.Name, ShowLegend: series.Count > 1, UseDefaults: false));
        var chart = GenericChart.combine(traces);
        chart = PlotlyCharts.WithXAxisStyle<double, double, double>(chart, TitleText: xTitle);
        chart = PlotlyCharts.WithYAxisStyle<double, double, double>(chart, TitleText: yTitle);
        chart = Titled(chart, title, LineWidth, LineHeight);
        var description = $"{(title.Length > 0 ? title + ". " : "")}Line chart of {yTitle} against {xTitle}: {string.Join(", ", series.Select(s => s.Name))}.";
        return new Figure(title, description, png, GenericChart.toFigureJson(chart), LineWidth, LineHeight);
    }

    /// <summary>One line of y against x.</summary>
    /// <param name="x">x values.</param>
    /// <param name="y">y values, as many as x.</param>
    /// <param name="title">Chart title; default none.</param>
    /// <param name="xTitle">x axis title; default "x".</param>
    /// <param name="yTitle">y axis title; default "y".</param>
    public static Figure Line(IReadOnlyList<double> x, IReadOnlyList<double> y, string title = "", string xTitle = "x", string yTitle = "y") =>
        Line([new Series(yTitle, x, y)], title, xTitle, yTitle);

    /// <summary>
    /// The training loss and the validation metrics of a <see cref="Trainer"/> run: per epoch when it ran several epochs
    /// and validated after each, otherwise per step (each step's loss, and each validation at its step).
    /// </summary>
    /// <param name="history">The history to draw.</param>
    /// <param name="title">Chart title; default "Training".</param>
    public static Figure Line(TrainingHistory history, string title = "Training")
    {
        if (history.Epochs.Count > 1 && history.Validation.Length is var v && (v == 0 || v == history.Epochs.Count)
            && history.Evaluations.Count <= history.Epochs.Count)
        {
            var series = new List<Series> { Series.Of("train loss", history.Losses) };
            if (v > 0) series.Add(Series.Of(history.ValidationName, history.Validation));
            return Line(series, title, "epoch", series.Count > 1 ? "value" : "loss");
        }
        var steps = history.Steps.Select(s => (double)s.Step).ToArray();
        var perStep = new List<Series> { new("train loss", steps, history.StepLosses) };
        var names = history.Evaluations.SelectMany(e => e.Metrics.Keys).Distinct().ToList();
        perStep.AddRange(names.Select(n => new Series(n, history.EvaluationSteps, history.Metric(n))));
        return Line(perStep, title, "step", perStep.Count > 1 ? "value" : "loss");
    }
}
