using System.Diagnostics;

namespace AttentionCourse.Cost;

/// <summary>
/// Wall-clock timing for the cost experiments: warm-up calls first (first calls pay for allocation and
/// kernel selection), then the median of several repeats, which a shared, noisy CPU disturbs less than the
/// mean. The numbers are the running machine's, not universal constants. Used in chapters 04, 10 and 19.
/// </summary>
public static class Timing
{
    /// <summary>Median seconds of one call of <paramref name="action"/>.</summary>
    /// <param name="action">The work to time; it should free what it allocates (e.g. with a dispose scope).</param>
    /// <param name="repeats">Timed calls; default 5.</param>
    /// <param name="warmup">Untimed calls before them; default 2.</param>
    public static double MedianSeconds(Action action, int repeats = 5, int warmup = 2)
    {
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), "At least one timed repeat is needed.");
        for (int i = 0; i < warmup; i++) action();
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            seconds[i] = watch.Elapsed.TotalSeconds;
        }
        return Median(seconds);
    }

    /// <summary>
    /// Median seconds of two pieces of work timed in alternation (first, second, first, second, …), so that a change in
    /// the machine's load during the measurement slows both alike and their ratio stays fair. Used in chapter 10 to time
    /// generation with and without a KV cache.
    /// </summary>
    /// <param name="first">One piece of work, e.g. the baseline.</param>
    /// <param name="second">The other, e.g. the faster variant.</param>
    /// <param name="repeats">Timed calls of each; default 5.</param>
    /// <param name="warmup">Untimed calls of each before them; default 2.</param>
    /// <returns>The median seconds of one call of each.</returns>
    public static (double first, double second) MedianSeconds(Action first, Action second, int repeats = 5, int warmup = 2)
    {
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), "At least one timed repeat is needed.");
        for (int i = 0; i < warmup; i++) { first(); second(); }
        var (a, b) = (new double[repeats], new double[repeats]);
        for (int i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            first();
            a[i] = watch.Elapsed.TotalSeconds;
            watch.Restart();
            second();
            b[i] = watch.Elapsed.TotalSeconds;
        }
        return (Median(a), Median(b));
    }

    /// <summary>The median: the middle value of the sorted list, or the mean of the two middle values.</summary>
    /// <param name="values">At least one value.</param>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("The median of no values is undefined.", nameof(values));
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
