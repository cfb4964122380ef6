using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Gpt;

/// <summary>
/// Batches and evaluation of a <see cref="TinyGpt"/> on one long id sequence: random windows of T + 1 ids give
/// inputs x_0..x_{T-1} and targets x_1..x_T (for <c>Batches.Sampled</c> and <see cref="Training.Trainer"/>, with
/// <see cref="Training.Schedules.WarmupCosine"/>). Used in chapter 10.
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
