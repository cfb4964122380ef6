using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Gpt;

/// <summary>
/// Training and evaluation of a <see cref="TinyGpt"/> on one long id sequence: random windows of T + 1 ids give
/// inputs x_0..x_{T-1} and targets x_1..x_T. Used in chapter 10.
/// </summary>
public static class LanguageModelTraining
{
    /// <summary>A batch of random windows: x (B, T) and y (B, T) = x shifted by one.</summary>
    /// <param name="data">All ids, (N) int64.</param>
    /// <param name="batch_size">B.</param>
    /// <param name="block">T.</param>
    /// <param name="generator">Seeded generator for the window starts.</param>
    public static (Tensor x, Tensor y) Batch(Tensor data, int batch_size, long block, Generator generator)
    {
        using var scope = NewDisposeScope();
        var starts = randint(data.shape[0] - block - 1, [batch_size, 1], generator: generator);  // (B, 1)
        var offsets = starts + arange(block + 1).unsqueeze(0);                                  // (B, T + 1)
        var windows = data[offsets];                                                            // (B, T + 1)
        return (windows[.., ..(int)block].MoveToOuterDisposeScope(), windows[.., 1..].MoveToOuterDisposeScope());
    }

    /// <summary>
    /// nanoGPT's learning-rate schedule as a multiple of the peak rate: a linear warm-up over the first
    /// <paramref name="warmup"/> steps, then a cosine decay that reaches <paramref name="min_ratio"/> at the last step,
    /// f(t) = (t + 1)/warmup for t &lt; warmup, else min_ratio + ½ (1 − min_ratio)(1 + cos(π (t − warmup)/(steps − 1 − warmup))).
    /// Large steps early make fast progress; small steps at the end settle into a minimum instead of rattling around it.
    /// Used by <see cref="Fit"/> in chapter 10.
    /// </summary>
    /// <param name="step">Step t, 0-based.</param>
    /// <param name="steps">Total steps.</param>
    /// <param name="warmup">Warm-up steps.</param>
    /// <param name="min_ratio">Final rate over the peak rate, in [0, 1]; 1 keeps the rate constant after warm-up.</param>
    public static double CosineSchedule(int step, int steps, int warmup, double min_ratio)
    {
        if (step < warmup) return (step + 1) / (double)warmup;
        int decaySteps = steps - 1 - warmup;
        if (decaySteps <= 0) return 1.0;
        double progress = Math.Min(1.0, (step - warmup) / (double)decaySteps);
        return min_ratio + 0.5 * (1 - min_ratio) * (1 + Math.Cos(Math.PI * progress));
    }

    /// <summary>
    /// AdamW steps (weight decay 0.01, gradients clipped to norm 1) on random windows, with the learning rate of step t set
    /// to lr · <see cref="CosineSchedule"/>(t); returns the training loss (nats per character) of every step. The defaults
    /// (no warm-up, min_ratio 1) keep the rate constant at <paramref name="lr"/>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Training ids (N).</param>
    /// <param name="steps">Optimiser steps.</param>
    /// <param name="batch_size">Windows per step.</param>
    /// <param name="lr">Peak learning rate; default 3e-3.</param>
    /// <param name="seed">Seed of the window sampler; default 0.</param>
    /// <param name="warmup">Warm-up steps; default 0.</param>
    /// <param name="min_ratio">Final learning rate over <paramref name="lr"/>; default 1 (constant). Chapter 10 uses 0.1, as nanoGPT does.</param>
    public static List<double> Fit(TinyGpt model, Tensor data, int steps, int batch_size, double lr = 3e-3, int seed = 0,
        int warmup = 0, double min_ratio = 1.0)
    {
        var optimizer = optim.AdamW(model.parameters(), lr: lr, weight_decay: 0.01);
        var scheduler = optim.lr_scheduler.LambdaLR(optimizer, t => CosineSchedule(t, steps, warmup, min_ratio));
        var generator = new Generator((ulong)seed);
        var losses = new List<double>(steps);
        model.train();
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var (x, y) = Batch(data, batch_size, model.config.BlockSize, generator);
            optimizer.zero_grad();
            var loss = model.Loss(x, y);
            loss.backward();
            nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            optimizer.step();
            scheduler.step();
            losses.Add(loss.item<float>());
        }
        model.eval();
        return losses;
    }

    /// <summary>
    /// Mean cross-entropy in nats per character over consecutive non-overlapping windows of <c>BlockSize</c> that
    /// cover <paramref name="data"/> (the tail shorter than a window is dropped), in eval mode without gradients.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Ids (N).</param>
    public static double Evaluate(TinyGpt model, Tensor data)
    {
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long T = model.config.BlockSize, windows = (data.shape[0] - 1) / T;
        var x = data[..(int)(windows * T)].view(windows, T);                   // (W, T)
        var y = data[1..(int)(windows * T + 1)].view(windows, T);              // (W, T)
        double sum = 0;
        for (long start = 0; start < windows; start += 64)
        {
            long n = Math.Min(64, windows - start);
            sum += model.Loss(x.narrow(0, start, n), y.narrow(0, start, n)).item<float>() * n;
        }
        return sum / windows;
    }
}
