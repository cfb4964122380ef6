namespace AttentionCourse.Training;

/// <summary>
/// How <see cref="Trainer"/> runs: number of epochs, how often it prints a progress line, optional gradient
/// clipping. Immutable; change it with <c>with</c>: <c>TrainingConfig.Default with { Epochs = 50 }</c>.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Passes over the batches. Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Print one progress line every this many epochs (the first and last epoch always print). 0 prints nothing. Default 1.</summary>
    public int ReportEvery { get; init; } = 1;

    /// <summary>Clip the global gradient norm to this value before each step (<c>clip_grad_norm_</c>), or null for no clipping. Default null.</summary>
    public double? MaxGradNorm { get; init; }

    /// <summary>Where progress lines go; null means <see cref="Console.Out"/>, which notebooks and the console both show. Default null.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>10 epochs, a line per epoch, no clipping.</summary>
    public static TrainingConfig Default { get; } = new();

    /// <summary>The defaults, printing nothing: for tests and for loops inside experiments.</summary>
    public static TrainingConfig Quiet { get; } = new() { ReportEvery = 0 };
}
