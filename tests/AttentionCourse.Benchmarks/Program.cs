using AttentionCourse.Benchmarks;
using BenchmarkDotNet.Running;

// Runs the training-step comparison and prints the ratio and achieved GFLOP/s beside BenchmarkDotNet's table.
var summary = BenchmarkRunner.Run<TrainingStepBenchmark>(args: args);
var means = summary.Reports
    .Where(r => r.ResultStatistics is not null)
    .ToDictionary(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name, r => r.ResultStatistics!.Mean); // nanoseconds
Console.WriteLine($"Training FLOPs per step (formula): {TrainingStepBenchmark.StepFlops / 1e9:F2} GFLOP");
foreach (var (name, ns) in means)
    Console.WriteLine($"{name,-10} {ns / 1e6,8:F1} ms/step  {TrainingStepBenchmark.StepFlops / ns,6:F1} GFLOP/s");
if (means.TryGetValue("Course", out var course) && means.TryGetValue("BuiltIn", out var builtIn))
    Console.WriteLine($"Course / built-in time ratio: {course / builtIn:F3} (target <= 1.15)");
return 0;
