using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Training;

/// <summary>
/// The course's one training loop (chapters 01, 05 and later): for each epoch, for each batch, compute the
/// user's loss, <c>backward()</c>, optionally clip, <c>optimizer.step()</c>; every native tensor a step
/// creates is freed by a <c>torch.NewDisposeScope()</c> around it. Prints one plain line per reported epoch.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="model"/> and returns per-epoch statistics.
    /// </summary>
    /// <typeparam name="TBatch">Whatever one batch is, e.g. <c>(Tensor X, Tensor Y)</c>.</typeparam>
    /// <param name="model">The model; switched to <c>train()</c> for steps and <c>eval()</c> for validation.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="batches">The batches of epoch e (0-based), so a caller can reshuffle each epoch. Tensors made while enumerating are freed after their step.</param>
    /// <param name="loss">Forward pass and loss for one batch: a scalar tensor.</param>
    /// <param name="examples">Number of examples in a batch, for the weighted mean loss and examples per second.</param>
    /// <param name="config">Epochs, reporting, clipping; default <see cref="TrainingConfig.Default"/>.</param>
    /// <param name="validate">Optional metric computed after each epoch under <c>no_grad</c> in eval mode.</param>
    /// <param name="validationName">Name of that metric in progress lines and legends; default "validation".</param>
    public static TrainingHistory Fit<TBatch>(nn.Module model, optim.Optimizer optimizer,
        Func<int, IEnumerable<TBatch>> batches, Func<TBatch, Tensor> loss, Func<TBatch, long> examples,
        TrainingConfig? config = null, Func<double>? validate = null, string validationName = "validation")
    {
        config ??= TrainingConfig.Default;
        var output = config.Output ?? Console.Out;
        var history = new List<EpochStats>();
        for (int epoch = 0; epoch < config.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            model.train();
            var (lossSum, seen) = RunEpoch(model, optimizer, batches(epoch), loss, examples, config.MaxGradNorm);
            var trainSeconds = clock.Elapsed.TotalSeconds;
            double? metric = validate is null ? null : Validate(model, validate);
            var stats = new EpochStats(epoch + 1, seen == 0 ? double.NaN : lossSum / seen, metric,
                seen / Math.Max(trainSeconds, 1e-9), clock.Elapsed.TotalSeconds);
            history.Add(stats);
            if (ShouldReport(config, epoch)) output.WriteLine(Describe(stats, config.Epochs, validationName));
        }
        return new TrainingHistory(history, validationName);
    }

    /// <summary>
    /// <see cref="Fit{TBatch}"/> for the common case of (input, target) batches whose first dimension is the batch:
    /// the loss is <paramref name="criterion"/>(model(input), target).
    /// </summary>
    /// <param name="model">A module mapping input (B, ...) to predictions.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="batches">The (input (B, ...), target (B, ...)) batches of epoch e.</param>
    /// <param name="criterion">Loss of (prediction, target), e.g. <c>nn.MSELoss()</c>.</param>
    /// <param name="config">Epochs, reporting, clipping; default <see cref="TrainingConfig.Default"/>.</param>
    /// <param name="validate">Optional metric computed after each epoch.</param>
    public static TrainingHistory Fit(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer,
        Func<int, IEnumerable<(Tensor Input, Tensor Target)>> batches, nn.Module<Tensor, Tensor, Tensor> criterion,
        TrainingConfig? config = null, Func<double>? validate = null) =>
        Fit(model, optimizer, batches, b => criterion.call(model.call(b.Input), b.Target), b => b.Input.shape[0], config, validate);

    static (double LossSum, long Seen) RunEpoch<TBatch>(nn.Module model, optim.Optimizer optimizer, IEnumerable<TBatch> batches,
        Func<TBatch, Tensor> loss, Func<TBatch, long> examples, double? maxGradNorm)
    {
        double lossSum = 0;
        long seen = 0;
        using var batch = batches.GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();   // frees the batch, activations and gradients' temporaries of this step
            if (!batch.MoveNext()) break;
            optimizer.zero_grad();
            var value = loss(batch.Current);
            value.backward();
            if (maxGradNorm is { } max) nn.utils.clip_grad_norm_(model.parameters(), max);
            optimizer.step();
            var n = examples(batch.Current);
            lossSum += value.to_type(ScalarType.Float64).item<double>() * n;
            seen += n;
        }
        return (lossSum, seen);
    }

    static double Validate(nn.Module model, Func<double> validate)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return validate();
    }

    static bool ShouldReport(TrainingConfig config, int epoch) =>
        config.ReportEvery > 0 && (epoch == 0 || epoch == config.Epochs - 1 || (epoch + 1) % config.ReportEvery == 0);

    /// <summary>The progress line, e.g. <c>epoch   3/20  loss 0.123457  validation 0.9500  12345 examples/s</c>.</summary>
    internal static string Describe(EpochStats stats, int epochs, string validationName)
    {
        var width = epochs.ToString(CultureInfo.InvariantCulture).Length;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"epoch {stats.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{epochs}  loss {stats.Loss:0.000000}");
        if (stats.Validation is { } v) line += string.Create(CultureInfo.InvariantCulture, $"  {validationName} {v:0.0000}");
        return line + string.Create(CultureInfo.InvariantCulture, $"  {stats.ExamplesPerSecond:0} examples/s");
    }
}
