using AttentionCourse.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/AttentionCourse.Benchmarks -- [training | engine]
//   training: one training step of the course's encoder (explicit and fused attention) against TorchSharp's nn.TransformerEncoder
//   engine:   the notebook engine's per-cell overhead and warm start
//   efficient [csv] [paths]: chapter 19's time and peak memory of naive, chunked and fused attention, n = 256 ... 16,384
var which = args.FirstOrDefault() ?? "training";
var rest = args.Skip(1).ToArray();
if (which == "efficient") return EfficientAttention.Measure(rest.FirstOrDefault() ?? EfficientAttention.DefaultOutput, rest.ElementAtOrDefault(1));
if (which == "efficient-one")
    return EfficientAttention.One(rest[0], long.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture),
        rest.Length > 2 ? long.Parse(rest[2], System.Globalization.CultureInfo.InvariantCulture) : 512);
if (which == "efficient-pair")
    return EfficientAttention.Pair(long.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture));
if (which == "engine")
{
    EngineCells.Measure();
    WarmStart.Measure();
    return 0;
}

// Runs the training-step comparison and prints the ratio and achieved GFLOP/s beside BenchmarkDotNet's table.
var summary = BenchmarkRunner.Run<TrainingStepBenchmark>(args: rest);
var means = summary.Reports
    .Where(r => r.ResultStatistics is not null)
    .ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
        r => (mean: r.ResultStatistics!.Mean, median: r.ResultStatistics.Median, min: r.ResultStatistics.Min)); // nanoseconds
Console.WriteLine($"Training FLOPs per step (formula): {TrainingStepBenchmark.StepFlops / 1e9:F2} GFLOP");
foreach (var (name, s) in means)
    Console.WriteLine($"{name,-10} median {s.median / 1e6,8:F1} ms/step ({TrainingStepBenchmark.StepFlops / s.median,6:F1} GFLOP/s), " +
                      $"min {s.min / 1e6,8:F1} ms/step ({TrainingStepBenchmark.StepFlops / s.min,6:F1} GFLOP/s)");
if (means.TryGetValue("BuiltIn", out var builtIn))
    foreach (var name in new[] { "Course", "CourseFused" }.Where(means.ContainsKey))
        Console.WriteLine($"{name} / built-in time ratio: mean {means[name].mean / builtIn.mean:F3}, median {means[name].median / builtIn.median:F3}, " +
                          $"min {means[name].min / builtIn.min:F3} (target <= 1.15)");

// BenchmarkDotNet times all of one model's steps, then all of the other's: a change in the machine's load between the
// runs shows up in the ratio. Timing the steps in alternation makes a load change slow both alike.
var steps = new TrainingStepBenchmark();
steps.Setup();
foreach (var (name, step) in new (string, Func<float>)[] { ("Course", steps.Course), ("CourseFused", steps.CourseFused) })
{
    var (builtInSeconds, courseSeconds) = AttentionCourse.Cost.Timing.MedianSeconds(() => steps.BuiltIn(), () => step(), repeats: 60, warmup: 5);
    Console.WriteLine($"In alternation, 60 steps each: built-in median {builtInSeconds * 1e3:F1} ms/step, {name} median {courseSeconds * 1e3:F1} ms/step " +
                      $"({TrainingStepBenchmark.StepFlops / courseSeconds / 1e9:F1} GFLOP/s); ratio {courseSeconds / builtInSeconds:F3} (target <= 1.15)");
}
return 0;
