namespace AttentionCourse.Training;

/// <summary>What one epoch of <see cref="Trainer"/> measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Loss">Mean training loss over the epoch, weighted by examples per batch.</param>
/// <param name="Validation">The named validation metric after the epoch's last validation, when there was one.</param>
/// <param name="ExamplesPerSecond">Training examples processed per second of wall-clock time in the epoch.</param>
/// <param name="Seconds">Wall-clock seconds the epoch took (validation included).</param>
public sealed record EpochStats(int Epoch, double Loss, double? Validation, double ExamplesPerSecond, double Seconds);

/// <summary>One optimiser step.</summary>
/// <param name="Step">1-based step number.</param>
/// <param name="Epoch">1-based epoch the step belongs to.</param>
/// <param name="Loss">The batch's loss.</param>
/// <param name="LearningRate">The first parameter group's learning rate during the step.</param>
/// <param name="Seconds">Wall-clock seconds of the step (forward, backward, update).</param>
public sealed record StepStats(int Step, int Epoch, double Loss, double LearningRate, double Seconds);

/// <summary>One call of the validation function.</summary>
/// <param name="Step">Steps done when it ran.</param>
/// <param name="Epoch">1-based epoch it ran in (or after).</param>
/// <param name="Metrics">The values it returned, by name (e.g. "loss", "accuracy").</param>
public sealed record Evaluation(int Step, int Epoch, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// What <see cref="Trainer"/> measured: per epoch, per step and per validation; plot it with <c>Figures.Line(history)</c>.
/// </summary>
/// <param name="Epochs">Per-epoch statistics, epoch 1 first.</param>
/// <param name="ValidationName">Name of the validation metric that <see cref="EpochStats.Validation"/> holds, e.g. "accuracy".</param>
public sealed record TrainingHistory(IReadOnlyList<EpochStats> Epochs, string ValidationName = "validation")
{
    /// <summary>Every optimiser step, in order.</summary>
    public IReadOnlyList<StepStats> Steps { get; init; } = [];

    /// <summary>Every validation, in order.</summary>
    public IReadOnlyList<Evaluation> Evaluations { get; init; } = [];

    /// <summary>True when <see cref="TrainingConfig.EarlyStop"/> ended the run before its budget.</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>The step of the best validation under <see cref="TrainingConfig.EarlyStop"/>, or null without early stopping.</summary>
    public int? BestStep { get; init; }

    /// <summary>Mean training loss per epoch.</summary>
    public double[] Losses => Epochs.Select(e => e.Loss).ToArray();

    /// <summary>Training loss of every step.</summary>
    public double[] StepLosses => Steps.Select(s => s.Loss).ToArray();

    /// <summary>The validation metric per epoch, or an empty array when none was measured.</summary>
    public double[] Validation => Epochs.Where(e => e.Validation.HasValue).Select(e => e.Validation!.Value).ToArray();

    /// <summary>The values of one validation metric, one per validation (NaN where a validation did not return it).</summary>
    /// <param name="name">The metric's name.</param>
    public double[] Metric(string name) => Evaluations.Select(e => e.Metrics.TryGetValue(name, out var v) ? v : double.NaN).ToArray();

    /// <summary>The step of each validation, for plotting <see cref="Metric"/> against steps.</summary>
    public double[] EvaluationSteps => Evaluations.Select(e => (double)e.Step).ToArray();

    /// <summary>The last epoch's mean loss (NaN when no epoch ran).</summary>
    public double FinalLoss => Epochs.Count == 0 ? double.NaN : Epochs[^1].Loss;

    /// <summary>Mean wall-clock seconds per optimiser step (NaN when no step ran).</summary>
    public double SecondsPerStep => Steps.Count == 0 ? double.NaN : Steps.Average(s => s.Seconds);
}
