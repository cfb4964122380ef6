namespace AttentionCourse.Training;

/// <summary>
/// How <see cref="Trainer"/> runs: how long (epochs or a step budget), the learning-rate schedule, clipping, threads,
/// validation, early stopping, the seed and the progress line. Immutable; change it with <c>with</c>:
/// <c>TrainingConfig.Default with { Epochs = 50 }</c>.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Passes over the batches. Default 10. Ignored when <see cref="Steps"/> is set.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>
    /// A budget of optimiser steps: batches are drawn epoch after epoch until this many steps have run, so an endless
    /// source (<c>Batches.Sampled</c>) needs it. Null trains for <see cref="Epochs"/> whole passes. Default null.
    /// </summary>
    public int? Steps { get; init; }

    /// <summary>
    /// The learning rate of step t (0-based) as a multiple of each parameter group's initial rate, e.g.
    /// <see cref="Schedules.WarmupCosine"/>; null keeps the optimizer's rate. Default null.
    /// </summary>
    public Func<int, double>? Schedule { get; init; }

    /// <summary>Clip the global gradient norm to this value before each step (<c>clip_grad_norm_</c>), or null for no clipping. Default null.</summary>
    public double? MaxGradNorm { get; init; }

    /// <summary>
    /// TorchSharp's intra-op threads while training (restored afterwards), or null to leave them. Tiny tensors often run
    /// faster on 1 thread than on 2 shared cores. Default null.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>Call the validation function every this many steps, and after the last; 0 validates after every epoch. Default 0.</summary>
    public int ValidateEvery { get; init; }

    /// <summary>Stop when a validation metric has stopped improving; null trains to the end. Default null.</summary>
    public EarlyStop? EarlyStop { get; init; }

    /// <summary><c>torch.manual_seed</c> before the first step (weight init happens before, so seed that yourself), or null. Default null.</summary>
    public long? Seed { get; init; }

    /// <summary>
    /// Show progress: a line updated in place while a run lasts more than about two seconds (steps, loss, elapsed, time
    /// left) and one final line. Default true.
    /// </summary>
    public bool Progress { get; init; } = true;

    /// <summary>Also print a permanent line every this many epochs (the first and last included); 0 prints none. Default 0.</summary>
    public int ReportEvery { get; init; }

    /// <summary>Where progress lines go; null means <see cref="Console.Out"/>, which notebooks and the console both show. Default null.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>10 epochs, a progress line, no schedule, no clipping.</summary>
    public static TrainingConfig Default { get; } = new();

    /// <summary>The defaults, printing nothing: for tests and for runs inside seed loops and experiments.</summary>
    public static TrainingConfig Quiet { get; } = new() { Progress = false };
}

/// <summary>
/// Early stopping: stop after <paramref name="Patience"/> validations in a row without a new best value of
/// <paramref name="Metric"/>, and optionally put back the parameters of the best validation.
/// </summary>
/// <param name="Metric">Name of the validation metric to watch (a key of the validation function's dictionary).</param>
/// <param name="Patience">Validations without improvement before stopping; at least 1.</param>
/// <param name="HigherIsBetter">True for accuracy-like metrics, false for losses. Default true.</param>
/// <param name="RestoreBest">Load the parameters of the best validation when training ends. Default true.</param>
public sealed record EarlyStop(string Metric, int Patience, bool HigherIsBetter = true, bool RestoreBest = true);
