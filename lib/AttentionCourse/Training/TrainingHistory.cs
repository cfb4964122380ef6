namespace AttentionCourse.Training;

/// <summary>What one epoch of <see cref="Trainer.Fit{TBatch}"/> measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Loss">Mean training loss over the epoch, weighted by examples per batch.</param>
/// <param name="Validation">The validation metric after the epoch, when a validation function was given.</param>
/// <param name="ExamplesPerSecond">Training examples processed per second of wall-clock time in the epoch.</param>
/// <param name="Seconds">Wall-clock seconds the epoch took (validation included).</param>
public sealed record EpochStats(int Epoch, double Loss, double? Validation, double ExamplesPerSecond, double Seconds);

/// <summary>One <see cref="EpochStats"/> per epoch, in order; plot it with <c>Figures.Line(history)</c>.</summary>
/// <param name="Epochs">Per-epoch statistics, epoch 1 first.</param>
/// <param name="ValidationName">Name of the validation metric (for legends), e.g. "validation accuracy".</param>
public sealed record TrainingHistory(IReadOnlyList<EpochStats> Epochs, string ValidationName = "validation")
{
    /// <summary>Mean training loss per epoch.</summary>
    public double[] Losses => Epochs.Select(e => e.Loss).ToArray();

    /// <summary>The validation metric per epoch, or an empty array when none was measured.</summary>
    public double[] Validation => Epochs.Where(e => e.Validation.HasValue).Select(e => e.Validation!.Value).ToArray();

    /// <summary>The last epoch's mean loss (NaN when no epoch ran).</summary>
    public double FinalLoss => Epochs.Count == 0 ? double.NaN : Epochs[^1].Loss;
}
