using AttentionCourse.Attention;
using AttentionCourse.Native;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TorchSharp;
using static TorchSharp.torch;
using CourseEncoder = AttentionCourse.Transformer.TransformerEncoder;

namespace AttentionCourse.Benchmarks;

/// <summary>
/// One training step (forward, backward, Adam) of a 2-layer post-LN encoder: the course's modules vs
/// TorchSharp's built-in nn.TransformerEncoder, same configuration (d_model 128, 4 heads, FFN 512, T 64, B 32,
/// dropout 0, 2 threads). The course's encoder is timed twice: on its default explicit attention path (which keeps
/// the weights for plotting) and on TorchSharp's fused <c>scaled_dot_product_attention</c> (<c>need_weights = false</c>).
/// </summary>
[Config(typeof(ShortInProcess))]
public class TrainingStepBenchmark
{
    public const long B = 32, T = 64, E = 128, H = 4, F = 512;
    public const int Layers = 2;

    CourseEncoder course = null!, courseFused = null!;
    TorchSharp.Modules.TransformerEncoder builtIn = null!;
    optim.Optimizer courseAdam = null!, courseFusedAdam = null!, builtInAdam = null!;
    Tensor x = null!, target = null!, xSeqFirst = null!, targetSeqFirst = null!;

    /// <summary>
    /// Training FLOPs of one step: 3 x forward (backward is about twice the forward), forward per layer =
    /// attention (<see cref="MultiheadAttention.Flops"/>) + FFN 2 x 2BTEF.
    /// </summary>
    public static double StepFlops => 3 * Layers * (MultiheadAttention.Flops(B, T, T, E) + 4.0 * B * T * E * F);

    [GlobalSetup]
    public void Setup()
    {
        TorchSharpNative.EnsureLoadable();
        set_num_threads(2);
        manual_seed(0);
        course = new CourseEncoder(Layers, E, H, F, dropout: 0.0, norm_first: false);
        courseFused = new CourseEncoder(Layers, E, H, F, dropout: 0.0, norm_first: false) { need_weights = false };
        builtIn = nn.TransformerEncoder(nn.TransformerEncoderLayer(E, H, F, dropout: 0.0), Layers);
        courseAdam = optim.Adam(course.parameters(), lr: 1e-4);
        courseFusedAdam = optim.Adam(courseFused.parameters(), lr: 1e-4);
        builtInAdam = optim.Adam(builtIn.parameters(), lr: 1e-4);
        x = randn(B, T, E);                                                    // (B, T, E)
        target = randn(B, T, E);
        xSeqFirst = x.transpose(0, 1).contiguous();                            // (T, B, E) for the built-in
        targetSeqFirst = target.transpose(0, 1).contiguous();
    }

    [Benchmark(Baseline = true, Description = "TorchSharp nn.TransformerEncoder")]
    public float BuiltIn() => Step(builtIn.call, builtInAdam, xSeqFirst, targetSeqFirst);

    [Benchmark(Description = "Course TransformerEncoder, explicit attention (default)")]
    public float Course() => Step(course.forward, courseAdam, x, target);

    [Benchmark(Description = "Course TransformerEncoder, fused attention")]
    public float CourseFused() => Step(courseFused.forward, courseFusedAdam, x, target);

    static float Step(Func<Tensor, Tensor> model, optim.Optimizer adam, Tensor input, Tensor target)
    {
        using var scope = NewDisposeScope();
        adam.zero_grad();
        var loss = nn.functional.mse_loss(model(input), target);
        loss.backward();
        adam.step();
        return loss.item<float>();
    }
}

/// <summary>A short in-process job: 3 warmup and 20 measured steps, one step per iteration.</summary>
public class ShortInProcess : ManualConfig
{
    public ShortInProcess()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(20));
        // On a shared machine the minimum is the least disturbed estimate of a step's cost.
        AddColumn(StatisticColumn.Min);
    }
}
