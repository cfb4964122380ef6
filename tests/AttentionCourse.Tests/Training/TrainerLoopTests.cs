using AttentionCourse.Data;
using AttentionCourse.Native;
using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Training;

/// <summary>The loop's budget, schedule, validation, early stopping, interrupt and progress line.</summary>
public class TrainerLoopTests
{
    static (Tensor X, Tensor Y) Data(int n = 64)
    {
        manual_seed(5);
        var x = randn(n, 3, dtype: float64);                                            // (N, 3)
        var y = x.matmul(tensor(new[] { 1.0, -1.0, 2.0 }, dtype: float64).reshape(3, 1)); // (N, 1)
        return (x, y);
    }

    static Tensor Mse(nn.Module<Tensor, Tensor> model, Tensor[] b) => nn.functional.mse_loss(model.call(b[0]), b[1]);

    [Fact]
    public void A_step_budget_runs_exactly_that_many_steps_across_epochs()
    {
        TorchSharpNative.EnsureLoadable();
        var (x, y) = Data();
        var model = nn.Linear(3, 1, dtype: float64);
        var history = Trainer.Fit(model, optim.SGD(model.parameters(), 0.05), Batches.FromTensors([x, y], 16),
            b => Mse(model, b), TrainingConfig.Quiet with { Steps = 10 });
        Assert.Equal(10, history.Steps.Count);
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2, 3, 3], history.Steps.Select(s => s.Epoch));   // 4 batches of 16 per epoch
        Assert.Equal(3, history.Epochs.Count);
    }

    [Fact]
    public void The_schedule_sets_each_steps_learning_rate_as_a_multiple_of_the_initial_one()
    {
        TorchSharpNative.EnsureLoadable();
        var (x, y) = Data();
        var model = nn.Linear(3, 1, dtype: float64);
        var schedule = Schedules.WarmupCosine(steps: 12, warmup: 3, min_ratio: 0.1);
        var history = Trainer.Fit(model, optim.SGD(model.parameters(), 0.2), Batches.FromTensors([x, y], 16),
            b => Mse(model, b), TrainingConfig.Quiet with { Steps = 12, Schedule = schedule });
        var expected = new[] { 1 / 3.0, 2 / 3.0, 1.0 }.Concat(Enumerable.Range(0, 9)
            .Select(i => 0.1 + 0.45 * (1 + Math.Cos(Math.PI * i / 8.0)))).Select(f => 0.2 * f);
        Assert.Equal(expected, history.Steps.Select(s => s.LearningRate), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Validation_runs_every_n_steps_and_after_the_last()
    {
        TorchSharpNative.EnsureLoadable();
        var (x, y) = Data();
        var model = nn.Linear(3, 1, dtype: float64);
        var modes = new List<bool>();
        var history = Trainer.Fit(model, optim.SGD(model.parameters(), 0.05), Batches.FromTensors([x, y], 16),
            b => Mse(model, b), TrainingConfig.Quiet with { Steps = 10, ValidateEvery = 4 },
            validate: () => { modes.Add(model.training || is_grad_enabled()); return Mse(model, [x, y]).item<double>(); },
            validationName: "mse");
        Assert.Equal([4.0, 8.0, 10.0], history.EvaluationSteps);
        Assert.All(modes, m => Assert.False(m));                    // eval mode, no gradients
        Assert.True(history.Metric("mse")[^1] < history.Metric("mse")[0]);
    }

    [Fact]
    public void Early_stopping_stops_after_the_patience_and_restores_the_best_parameters()
    {
        TorchSharpNative.EnsureLoadable();
        var (x, y) = Data();
        var model = nn.Linear(3, 1, dtype: float64);
        var scores = new Queue<double>([0.5, 0.9, 0.7, 0.8, 0.6, 0.95]);   // best at the 2nd validation, then 3 worse
        double[]? weightsAtBest = null;
        int calls = 0;
        var history = Trainer.Fit(model, optim.SGD(model.parameters(), 0.05), Batches.FromTensors([x, y], 16),
            b => Mse(model, b), TrainingConfig.Quiet with { Steps = 100, ValidateEvery = 2, EarlyStop = new EarlyStop("acc", Patience: 3) },
            validate: () =>
            {
                if (++calls == 2) weightsAtBest = model.weight!.detach().data<double>().ToArray();
                return new Dictionary<string, double> { ["acc"] = scores.Dequeue() };
            });
        Assert.True(history.StoppedEarly);
        Assert.Equal(4, history.BestStep);
        Assert.Equal(10, history.Steps.Count);   // validations at 2, 4 (best), 6, 8, 10: three without improvement
        Assert.Equal(weightsAtBest, model.weight!.detach().data<double>().ToArray());
    }

    [Fact]
    public void A_published_cell_cancellation_stops_training_at_the_next_step()
    {
        TorchSharpNative.EnsureLoadable();
        var (x, y) = Data();
        var model = nn.Linear(3, 1, dtype: float64);
        using var cts = new CancellationTokenSource();
        var old = AppContext.GetData(CellInterrupt.Key);
        AppContext.SetData(CellInterrupt.Key, cts.Token);
        try
        {
            int steps = 0;
            var error = Assert.Throws<OperationCanceledException>(() => Trainer.Fit(model, optim.SGD(model.parameters(), 0.05),
                Batches.FromTensors([x, y], 16), b => { if (++steps == 3) cts.Cancel(); return Mse(model, b); },
                TrainingConfig.Quiet with { Steps = 1000 }));
            Assert.Equal(3, steps);
            Assert.Contains("step 4 of 1000", error.Message);
        }
        finally { AppContext.SetData(CellInterrupt.Key, old); }
    }

    [Fact]
    public void A_short_run_writes_only_its_final_line_and_restores_the_thread_count()
    {
        TorchSharpNative.EnsureLoadable();
        var (x, y) = Data();
        var model = nn.Linear(3, 1, dtype: float64);
        var output = new StringWriter();
        var threads = get_num_threads();
        Trainer.Fit(model, optim.SGD(model.parameters(), 0.05), Batches.FromTensors([x, y], 16), b => Mse(model, b),
            new TrainingConfig { Epochs = 2, Threads = 1, Output = output }, validate: () => 0.25, validationName: "score");
        Assert.StartsWith("\rtrained 2 epochs (8 steps): last epoch's loss ", output.ToString());
        Assert.EndsWith("  score 0.2500\n", output.ToString());
        Assert.Equal(threads, get_num_threads());
    }

    [Fact]
    public void Under_a_step_budget_the_final_line_gives_the_mean_loss_of_the_last_steps()
    {
        TorchSharpNative.EnsureLoadable();
        var (x, y) = Data();
        var model = nn.Linear(3, 1, dtype: float64);
        var output = new StringWriter();
        var losses = new List<double>();
        Trainer.Fit(model, optim.SGD(model.parameters(), 0.05), Batches.FromTensors([x, y], 16),
            b => { var loss = Mse(model, b); losses.Add(loss.item<double>()); return loss; },
            new TrainingConfig { Steps = 30, Threads = 1, Output = output });
        var expected = losses.Skip(10).Average();                                       // the last 20 of 30 steps
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"\rtrained 30 steps: mean loss of the last 20 steps {expected:0.0000}\n"), output.ToString());
        Assert.NotEqual(losses.Average().ToString("0.0000"), expected.ToString("0.0000")); // not the mean of the whole run
    }

    [Fact]
    public void The_progress_line_redraws_in_place_and_ends_with_exactly_the_final_text()
    {
        var output = new StringWriter();
        var line = new ProgressLine(output);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < ProgressLine.QuietSeconds + ProgressLine.MinInterval * 3)
        {
            line.Update("step with a long description", 1, 2);
            Thread.Sleep(50);
        }
        line.Finish("done");
        var text = output.ToString();
        Assert.StartsWith("\rstep with a long description  2 s, about 2 s left", text);
        Assert.DoesNotContain("\n", text[..^1]);
        Assert.EndsWith("\rdone\n", text);                       // blanked, then the final text alone after the last \r
        Assert.InRange(text.Count(c => c == '\r'), 3, 10);       // a few updates, not one per call
    }

    [Fact]
    public void A_permanent_line_never_shares_a_line_with_the_progress_text()
    {
        var output = new StringWriter();
        var line = new ProgressLine(output);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < ProgressLine.QuietSeconds + ProgressLine.MinInterval) { line.Update("busy", 1, 2); Thread.Sleep(50); }
        line.WriteLine("epoch 1/2");
        line.Finish("done");
        var stored = string.Join("\n", output.ToString().Split('\n').Select(l => l[(l.LastIndexOf('\r') + 1)..]));  // what a notebook keeps
        Assert.Equal("epoch 1/2\ndone\n", stored);
    }

    [Fact]
    public void FromTensors_covers_every_row_once_per_epoch_and_reshuffles()
    {
        TorchSharpNative.EnsureLoadable();
        var x = arange(10, dtype: ScalarType.Int64);
        var source = Batches.FromTensors([x, x * 10], batch_size: 4, seed: 1);
        var epoch0 = source(0).ToList();
        Assert.Equal([4L, 4, 2], epoch0.Select(b => b[0].shape[0]));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), epoch0.SelectMany(b => b[0].data<long>()).Order());
        Assert.All(epoch0, b => Assert.Equal(b[0].data<long>().Select(v => v * 10), b[1].data<long>()));
        Assert.NotEqual(epoch0.SelectMany(b => b[0].data<long>()), source(1).SelectMany(b => b[0].data<long>()));
    }
}
