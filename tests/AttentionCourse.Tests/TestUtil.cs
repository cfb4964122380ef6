using AttentionCourse.Native;
using TorchSharp;
using static TorchSharp.torch;

// TorchSharp's random generator is global: tests that seed it must not run side by side.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace AttentionCourse.Tests;

/// <summary>Small helpers shared by the tests: native loading and tensor comparison.</summary>
static class T
{
    public static void Init(int seed = 0)
    {
        TorchSharpNative.EnsureLoadable();
        manual_seed(seed);
    }

    public static double MaxAbsDiff(Tensor a, Tensor b) => (a.to(float64) - b.to(float64)).abs().max().item<double>();

    public static void Close(Tensor expected, Tensor actual, double tol = 1e-5)
    {
        Assert.Equal(expected.shape, actual.shape);
        var d = MaxAbsDiff(expected, actual);
        Assert.True(d <= tol, $"max |expected - actual| = {d} > {tol}");
    }
}
