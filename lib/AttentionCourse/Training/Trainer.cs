using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Training;

/// <summary>
/// The course's one training loop, used by every chapter from 02 on (chapter 01 writes the loop out once). Per step:
/// the user's loss on one batch, <c>backward()</c>, optional gradient clipping, <c>optimizer.step()</c>, then the
/// learning rate of the next step from the schedule; every native tensor a step creates is freed by a
/// <c>torch.NewDisposeScope()</c> around it. Epochs or a step budget, validation every N steps or after each epoch, early
/// stopping, a seed, a thread count, an in-place progress line, and a notebook interrupt observed at every step
/// (<see cref="CellInterrupt"/>). Returns a <see cref="TrainingHistory"/>. (d2l's one <c>Trainer</c> is the model.)
/// </summary>
public static class Trainer
{
    // How many of the latest steps the progress line and, under a step budget, the final line average.
    const int RecentSteps = 20;

    /// <summary>Trains <paramref name="model"/>; validation returns named metrics.</summary>
    /// <typeparam name="TBatch">Whatever one batch is, e.g. <c>Tensor[]</c> from <c>Batches.FromTensors</c>.</typeparam>
    /// <param name="model">The model; in <c>train()</c> mode for steps and <c>eval()</c> mode for validation.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="batches">The batches of epoch e (0-based), so a source can reshuffle each epoch; an endless source needs <see cref="TrainingConfig.Steps"/>.</param>
    /// <param name="loss">Forward pass and loss for one batch: a scalar tensor.</param>
    /// <param name="config">How long and how; default <see cref="TrainingConfig.Default"/>.</param>
    /// <param name="validate">Optional metrics by name, computed in eval mode under <c>no_grad</c>; the first one is the epoch's <see cref="EpochStats.Validation"/>.</param>
    /// <param name="examples">Examples in a batch, for the weighted epoch loss and examples per second; default 1 per batch.</param>
    public static TrainingHistory Fit<TBatch>(nn.Module model, optim.Optimizer optimizer, Func<int, IEnumerable<TBatch>> batches,
        Func<TBatch, Tensor> loss, TrainingConfig? config = null, Func<IReadOnlyDictionary<string, double>>? validate = null,
        Func<TBatch, long>? examples = null) =>
        Run(model, optimizer, batches, loss, examples ?? (_ => 1), config ?? TrainingConfig.Default, validate, null);

    /// <summary>Trains <paramref name="model"/>; validation returns one metric named <paramref name="validationName"/>.</summary>
    /// <typeparam name="TBatch">Whatever one batch is.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="batches">The batches of epoch e (0-based).</param>
    /// <param name="loss">Forward pass and loss for one batch: a scalar tensor.</param>
    /// <param name="config">How long and how; null for <see cref="TrainingConfig.Default"/>.</param>
    /// <param name="validate">The metric, computed in eval mode under <c>no_grad</c>.</param>
    /// <param name="validationName">Its name in progress lines, legends and <see cref="TrainingHistory.Metric"/>; default "validation".</param>
    /// <param name="examples">Examples in a batch; default 1 per batch.</param>
    public static TrainingHistory Fit<TBatch>(nn.Module model, optim.Optimizer optimizer, Func<int, IEnumerable<TBatch>> batches,
        Func<TBatch, Tensor> loss, TrainingConfig? config, Func<double> validate, string validationName = "validation",
        Func<TBatch, long>? examples = null) =>
        Run(model, optimizer, batches, loss, examples ?? (_ => 1), config ?? TrainingConfig.Default,
            () => new Dictionary<string, double> { [validationName] = validate() }, validationName);

    /// <summary>Trains <paramref name="model"/>, counting <paramref name="examples"/> per batch (chapters 05, 07 and 08).</summary>
    /// <typeparam name="TBatch">Whatever one batch is, e.g. <c>(Tensor X, Tensor Y)</c>.</typeparam>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="batches">The batches of epoch e (0-based).</param>
    /// <param name="loss">Forward pass and loss for one batch: a scalar tensor.</param>
    /// <param name="examples">Number of examples in a batch.</param>
    /// <param name="config">How long and how; default <see cref="TrainingConfig.Default"/>.</param>
    /// <param name="validate">Optional metric computed in eval mode under <c>no_grad</c>.</param>
    /// <param name="validationName">Name of that metric; default "validation".</param>
    public static TrainingHistory Fit<TBatch>(nn.Module model, optim.Optimizer optimizer, Func<int, IEnumerable<TBatch>> batches,
        Func<TBatch, Tensor> loss, Func<TBatch, long> examples, TrainingConfig? config = null, Func<double>? validate = null,
        string validationName = "validation") =>
        Run(model, optimizer, batches, loss, examples, config ?? TrainingConfig.Default,
            validate is null ? null : () => new Dictionary<string, double> { [validationName] = validate() }, validationName);

    /// <summary>
    /// The common case of (input, target) batches whose first dimension is the batch: the loss is
    /// <paramref name="criterion"/>(model(input), target).
    /// </summary>
    /// <param name="model">A module mapping input (B, ...) to predictions.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="batches">The (input (B, ...), target (B, ...)) batches of epoch e.</param>
    /// <param name="criterion">Loss of (prediction, target), e.g. <c>nn.MSELoss()</c>.</param>
    /// <param name="config">How long and how; default <see cref="TrainingConfig.Default"/>.</param>
    /// <param name="validate">Optional metric computed in eval mode under <c>no_grad</c>.</param>
    public static TrainingHistory Fit(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer,
        Func<int, IEnumerable<(Tensor Input, Tensor Target)>> batches, nn.Module<Tensor, Tensor, Tensor> criterion,
        TrainingConfig? config = null, Func<double>? validate = null) =>
        Fit(model, optimizer, batches, b => criterion.call(model.call(b.Input), b.Target), b => b.Input.shape[0], config, validate);

    static TrainingHistory Run<TBatch>(nn.Module model, optim.Optimizer optimizer, Func<int, IEnumerable<TBatch>> batches,
        Func<TBatch, Tensor> loss, Func<TBatch, long> examples, TrainingConfig config,
        Func<IReadOnlyDictionary<string, double>>? validate, string? validationName)
    {
        if (config.EarlyStop is { } stop && (validate is null || stop.Patience < 1))
            throw new ArgumentException(validate is null
                ? $"EarlyStop watches '{stop.Metric}', but no validation function was given."
                : $"EarlyStop needs a patience of at least 1, not {stop.Patience}.", nameof(config));
        int previousThreads = torch.get_num_threads();
        if (config.Threads is { } threads) torch.set_num_threads(threads);
        if (config.Seed is { } seed) torch.manual_seed(seed);
        try
        {
            return new Loop<TBatch>(model, optimizer, loss, examples, config, validate, validationName).Train(batches);
        }
        finally
        {
            if (config.Threads is not null) torch.set_num_threads(previousThreads);
            model.eval();
        }
    }

    /// <summary>The state of one run: counters, the schedule, the best validation so far, the progress line.</summary>
    sealed class Loop<TBatch>(nn.Module model, optim.Optimizer optimizer, Func<TBatch, Tensor> loss,
        Func<TBatch, long> examples, TrainingConfig config, Func<IReadOnlyDictionary<string, double>>? validate, string? validationName)
    {
        readonly List<EpochStats> epochs = [];
        readonly List<StepStats> steps = [];
        readonly List<Evaluation> evaluations = [];
        readonly ProgressLine progress = new(config.Progress ? config.Output ?? Console.Out : null);
        readonly TextWriter output = config.Output ?? Console.Out;
        readonly optim.lr_scheduler.LRScheduler? scheduler =
            config.Schedule is { } schedule ? optim.lr_scheduler.LambdaLR(optimizer, schedule) : null;
        int step, sinceBest;
        double? best;
        int? bestStep;
        Dictionary<string, Tensor>? bestState;
        bool stopped;

        int? Budget => config.Steps;
        string Total => Budget is { } b ? b.ToString(CultureInfo.InvariantCulture) : "";

        public TrainingHistory Train(Func<int, IEnumerable<TBatch>> batches)
        {
            for (int epoch = 0; !stopped && (Budget is { } budget ? step < budget : epoch < config.Epochs); epoch++)
            {
                var clock = Stopwatch.StartNew();
                int stepsBefore = step;
                var (lossSum, seen) = RunEpoch(batches(epoch), epoch);
                if (step == stepsBefore) break;   // an empty source would loop for ever under a step budget
                if (!stopped && (config.ValidateEvery == 0 || Budget is { } b && step == b)) Validate(epoch);
                var stats = new EpochStats(epoch + 1, seen == 0 ? double.NaN : lossSum / seen, LastValidation(),
                    seen / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), clock.Elapsed.TotalSeconds);
                epochs.Add(stats);
                if (config.ReportEvery > 0 && (epoch == 0 || epoch == config.Epochs - 1 || (epoch + 1) % config.ReportEvery == 0))
                {
                    if (config.Progress) progress.WriteLine(Describe(stats));
                    else output.WriteLine(Describe(stats));
                }
            }
            if (bestState is not null && config.EarlyStop!.RestoreBest) model.load_state_dict(bestState);
            progress.Finish(FinalLine());
            return new TrainingHistory(epochs, validationName ?? FirstMetricName() ?? "validation")
            {
                Steps = steps, Evaluations = evaluations, StoppedEarly = stopped, BestStep = bestStep,
            };
        }

        (double LossSum, long Seen) RunEpoch(IEnumerable<TBatch> source, int epoch)
        {
            double lossSum = 0;
            long seen = 0;
            model.train();
            using var batch = source.GetEnumerator();
            while (!stopped && (Budget is not { } budget || step < budget))
            {
                CellInterrupt.ThrowIfRequested($"training at step {step + 1}" + (Budget is null ? "" : $" of {Budget}"));
                var clock = Stopwatch.StartNew();
                double value;
                long n;
                using (NewDisposeScope())   // frees the batch, activations and gradients' temporaries of this step
                {
                    if (!batch.MoveNext()) break;
                    var rate = optimizer.ParamGroups.First().LearningRate;
                    optimizer.zero_grad();
                    var l = loss(batch.Current);
                    l.backward();
                    if (config.MaxGradNorm is { } max) nn.utils.clip_grad_norm_(model.parameters(), max);
                    optimizer.step();
                    scheduler?.step();
                    value = l.detach().to_type(ScalarType.Float64).item<double>();
                    n = examples(batch.Current);
                    steps.Add(new StepStats(++step, epoch + 1, value, rate, clock.Elapsed.TotalSeconds));
                }
                lossSum += value * n;
                seen += n;
                progress.Update(ProgressText(epoch), step, Budget ?? 0);
                if (config.ValidateEvery > 0 && step % config.ValidateEvery == 0)
                {
                    Validate(epoch);
                    model.train();
                }
            }
            return (lossSum, seen);
        }

        void Validate(int epoch)
        {
            if (validate is null || evaluations.Count > 0 && evaluations[^1].Step == step) return;
            model.eval();
            IReadOnlyDictionary<string, double> metrics;
            using (NewDisposeScope())
            using (no_grad())
                metrics = validate();
            evaluations.Add(new Evaluation(step, epoch + 1, metrics));
            if (config.EarlyStop is { } stop) Watch(stop, metrics);
        }

        void Watch(EarlyStop stop, IReadOnlyDictionary<string, double> metrics)
        {
            if (!metrics.TryGetValue(stop.Metric, out var value))
                throw new KeyNotFoundException($"EarlyStop watches '{stop.Metric}', but validation returned only: {string.Join(", ", metrics.Keys)}.");
            if (best is null || (stop.HigherIsBetter ? value > best : value < best))
            {
                (best, bestStep, sinceBest) = (value, step, 0);
                if (stop.RestoreBest)
                {
                    foreach (var old in bestState?.Values ?? Enumerable.Empty<Tensor>()) old.Dispose();
                    bestState = model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
                }
            }
            else if (++sinceBest >= stop.Patience) stopped = true;
        }

        double? LastValidation() =>
            evaluations.Count == 0 || FirstMetricName() is not { } name ? null
            : evaluations[^1].Metrics.TryGetValue(name, out var v) ? v : null;

        string? FirstMetricName() => validationName ?? evaluations.FirstOrDefault()?.Metrics.Keys.FirstOrDefault();

        string ProgressText(int epoch)
        {
            var recent = RecentLoss();
            var where = Budget is null ? $"epoch {epoch + 1}/{config.Epochs}  step {step}" : $"step {step}/{Total}";
            return string.Create(CultureInfo.InvariantCulture, $"{where}  loss {recent:0.0000}") + MetricsText();
        }

        // Mean loss of the latest RecentSteps steps (NaN before the first).
        double RecentLoss() =>
            steps.Count == 0 ? double.NaN : steps.Skip(Math.Max(0, steps.Count - RecentSteps)).Average(s => s.Loss);

        string FinalLine()
        {
            string line;
            if (Budget is null)
            {
                var last = epochs.Count == 0 ? double.NaN : epochs[^1].Loss;
                line = string.Create(CultureInfo.InvariantCulture,
                    $"trained {epochs.Count} epoch{(epochs.Count == 1 ? "" : "s")} ({step} steps): last epoch's loss {last:0.0000}");
            }
            else
            {
                // Under a step budget an "epoch" is often the whole run (a sampled stream never ends), so its mean loss
                // would average the first steps in; the recent steps say where training ended, as the progress line does.
                line = string.Create(CultureInfo.InvariantCulture,
                    $"trained {step} steps: mean loss of the last {Math.Min(RecentSteps, steps.Count)} steps {RecentLoss():0.0000}");
            }
            line += MetricsText();
            if (stopped) line += string.Create(CultureInfo.InvariantCulture, $"; stopped early, best {config.EarlyStop!.Metric} {best:0.0000} at step {bestStep}");
            return line;
        }

        string MetricsText() => evaluations.Count == 0 ? "" : string.Concat(evaluations[^1].Metrics.Select(m =>
            string.Create(CultureInfo.InvariantCulture, $"  {m.Key} {m.Value:0.0000}")));

        string Describe(EpochStats stats)
        {
            var width = config.Epochs.ToString(CultureInfo.InvariantCulture).Length;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"epoch {stats.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{config.Epochs}  loss {stats.Loss:0.000000}");
            if (stats.Validation is { } v) line += string.Create(CultureInfo.InvariantCulture, $"  {FirstMetricName()} {v:0.0000}");
            return line + string.Create(CultureInfo.InvariantCulture, $"  {stats.ExamplesPerSecond:0} examples/s");
        }
    }
}
