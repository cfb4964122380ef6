using System.Diagnostics;
using System.Globalization;

namespace AttentionCourse.Training;

/// <summary>
/// One line of progress that updates in place: after <see cref="QuietSeconds"/> it rewrites the line as
/// <c>"\r" + text</c> at most every <see cref="MinInterval"/>, with the elapsed time and an estimate of the time left,
/// and <see cref="Finish"/> ends it with <c>"\r" + final + "\n"</c>. Terminals and notebook front ends draw "\r" as a
/// return to the start of the line; the course's engine keeps only the final line in an executed notebook, so committed
/// outputs stay small and the same between runs. Used by <see cref="Trainer"/> and long experiments.
/// </summary>
public sealed class ProgressLine
{
    /// <summary>No update is shown before this much time has passed: short runs show only their final line.</summary>
    public static readonly TimeSpan QuietSeconds = TimeSpan.FromSeconds(2);

    /// <summary>The shortest time between two updates.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(500);

    readonly TextWriter? output;
    readonly Stopwatch clock = Stopwatch.StartNew();
    TimeSpan lastUpdate = -MinInterval;
    int shownLength;

    /// <summary>A line on <paramref name="output"/>; null shows nothing (a quiet run).</summary>
    /// <param name="output">Where to write, usually <see cref="Console.Out"/>, or null.</param>
    public ProgressLine(TextWriter? output) => this.output = output;

    /// <summary>Seconds since the line was created.</summary>
    public double ElapsedSeconds => clock.Elapsed.TotalSeconds;

    /// <summary>Shows <paramref name="text"/> with the elapsed time and the time left, if it is time for an update.</summary>
    /// <param name="text">What to show, e.g. "step 120/1000  loss 0.4321".</param>
    /// <param name="done">Work done so far, for the estimate of the time left.</param>
    /// <param name="total">All the work, in the same unit; 0 when unknown.</param>
    public void Update(string text, double done, double total)
    {
        var now = clock.Elapsed;
        if (output is null || now < QuietSeconds || now - lastUpdate < MinInterval) return;
        lastUpdate = now;
        var line = string.Create(CultureInfo.InvariantCulture, $"{text}  {now.TotalSeconds:0} s");
        if (total > 0 && done > 0) line += string.Create(CultureInfo.InvariantCulture, $", about {now.TotalSeconds * (total - done) / done:0} s left");
        Write(line, end: "");
    }

    /// <summary>Replaces the line with <paramref name="text"/> and ends it.</summary>
    /// <param name="text">The final line; keep timings out of it where outputs should be identical between runs.</param>
    public void Finish(string text)
    {
        if (output is null) return;
        Write(text, end: "\n");
    }

    /// <summary>Writes a permanent line: the progress text shown so far is blanked first, so the two never share a line.</summary>
    /// <param name="text">The line, without its newline.</param>
    public void WriteLine(string text)
    {
        if (output is null) return;
        if (shownLength > 0) output.Write("\r" + new string(' ', shownLength) + "\r");
        shownLength = 0;
        output.WriteLine(text);
        output.Flush();
    }

    void Write(string line, string end)
    {
        // A shorter line is drawn over a blanked one, never padded, so the text after the last "\r" is exactly the line.
        var blank = line.Length < shownLength ? "\r" + new string(' ', shownLength) : "";
        shownLength = end.Length == 0 ? line.Length : 0;
        output!.Write(blank + "\r" + line + end);
        output.Flush();
    }
}
