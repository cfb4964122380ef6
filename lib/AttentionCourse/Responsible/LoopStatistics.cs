namespace AttentionCourse.Responsible;

/// <summary>Means and spreads over seeds of <see cref="FeedbackLoop"/> runs, for chapter 21's figures and tables.</summary>
public static class LoopStatistics
{
    /// <summary>Per round, the mean over runs of one measure, (R).</summary>
    /// <param name="runs">Runs of the same length.</param>
    /// <param name="measure">The measure read from each round.</param>
    public static double[] MeanPerRound(IReadOnlyList<LoopResult> runs, Func<RoundMeasures, double> measure) =>
        Enumerable.Range(0, runs[0].Rounds.Count).Select(r => runs.Average(run => measure(run.Rounds[r]))).ToArray();

    /// <summary>Sample standard deviation (n − 1); 0 for one value.</summary>
    public static double Std(IReadOnlyList<double> xs)
    {
        if (xs.Count < 2) return 0;
        double mean = xs.Average();
        return Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Count - 1));
    }

    /// <summary>"mean ± sd" of the values, with <paramref name="digits"/> decimals; "n/a" when any is NaN.</summary>
    public static string MeanSd(IEnumerable<double> xs, int digits = 3)
    {
        var list = xs.ToList();
        if (list.Any(double.IsNaN)) return "n/a";
        string f = "F" + digits;
        return $"{list.Average().ToString(f, System.Globalization.CultureInfo.InvariantCulture)} ± {Std(list).ToString(f, System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
