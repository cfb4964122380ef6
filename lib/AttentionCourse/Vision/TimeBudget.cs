using System.Diagnostics;

namespace AttentionCourse.Vision;

/// <summary>
/// Trains for a wall-clock budget rather than a number of steps, to compare two models "for the same time" (chapter 13:
/// a CNN given the ViT's training time). The clock starts at the first batch; once it passes the budget the source
/// ends, and <see cref="Training.Trainer"/> stops at the first empty epoch. Results depend on the machine's speed and
/// load, so print the steps each model got.
/// </summary>
public static class TimeBudget
{
    /// <summary>Wraps a batch source so that it yields batches only during the first <paramref name="seconds"/>.</summary>
    /// <typeparam name="TBatch">One batch.</typeparam>
    /// <param name="batches">The batches of epoch e, e.g. <c>Batches.FromTensors(...)</c>; give the trainer many epochs.</param>
    /// <param name="seconds">The wall-clock budget.</param>
    public static Func<int, IEnumerable<TBatch>> Limit<TBatch>(Func<int, IEnumerable<TBatch>> batches, double seconds)
    {
        var clock = new Stopwatch();
        return epoch => Take(batches(epoch));

        IEnumerable<TBatch> Take(IEnumerable<TBatch> source)
        {
            if (!clock.IsRunning) clock.Start();
            foreach (var batch in source)
            {
                if (clock.Elapsed.TotalSeconds >= seconds) yield break;
                yield return batch;
            }
        }
    }
}
