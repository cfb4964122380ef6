namespace AttentionCourse.Training;

/// <summary>Learning-rate schedules for <see cref="TrainingConfig.Schedule"/>: the rate of step t as a multiple of the peak rate.</summary>
public static class Schedules
{
    /// <summary>
    /// nanoGPT's schedule: a linear warm-up over the first <paramref name="warmup"/> steps, then a cosine decay that
    /// reaches <paramref name="min_ratio"/> at the last step,
    /// f(t) = (t + 1)/warmup for t &lt; warmup, else min_ratio + ½ (1 − min_ratio)(1 + cos(π (t − warmup)/(steps − 1 − warmup))).
    /// Large steps early make fast progress; small steps at the end settle into a minimum instead of rattling around it.
    /// A warm-up keeps Adam's first, badly estimated steps small (Vaswani et al. 2017, §5.3). Chapters 08, 10 and later.
    /// </summary>
    /// <param name="steps">Total steps of the run.</param>
    /// <param name="warmup">Warm-up steps; 0 starts at the peak.</param>
    /// <param name="min_ratio">Final rate over the peak rate, in [0, 1]; 1 keeps the rate constant after warm-up. Default 0.1.</param>
    public static Func<int, double> WarmupCosine(int steps, int warmup, double min_ratio = 0.1)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "A schedule needs at least one step.");
        if (warmup < 0 || warmup > steps) throw new ArgumentOutOfRangeException(nameof(warmup), warmup, $"Warm-up must be in [0, steps = {steps}].");
        if (min_ratio is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(min_ratio), min_ratio, "min_ratio must be in [0, 1].");
        return step =>
        {
            if (step < warmup) return (step + 1) / (double)warmup;
            int decaySteps = steps - 1 - warmup;
            if (decaySteps <= 0) return 1.0;
            double progress = Math.Min(1.0, (step - warmup) / (double)decaySteps);
            return min_ratio + 0.5 * (1 - min_ratio) * (1 + Math.Cos(Math.PI * progress));
        };
    }

    /// <summary>A linear warm-up to the peak over <paramref name="warmup"/> steps, then constant.</summary>
    /// <param name="warmup">Warm-up steps, at least 1.</param>
    public static Func<int, double> Warmup(int warmup)
    {
        if (warmup < 1) throw new ArgumentOutOfRangeException(nameof(warmup), warmup, "Warm-up needs at least one step.");
        return step => Math.Min(1.0, (step + 1) / (double)warmup);
    }
}
