using AttentionCourse.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests;

public class DeviceAndSeedTests
{
    [Fact]
    public void Cuda_counts_as_available_only_when_the_probe_says_so()
    {
        TorchSharpNative.EnsureLoadable();
        // Devices.Choose(() => true) would build torch.CUDA, which this CPU-only build cannot initialise.
        Assert.True(Devices.IsAvailable(() => true));
        Assert.False(Devices.IsAvailable(() => false));
        Assert.Equal(DeviceType.CPU, Devices.Choose(() => false).type);
    }

    [Fact]
    public void A_probe_that_throws_because_cuda_is_missing_means_cpu()
    {
        TorchSharpNative.EnsureLoadable();
        Assert.Equal(DeviceType.CPU, Devices.Choose(() => throw new NotSupportedException("no CUDA backend")).type);
        Assert.Equal(DeviceType.CPU, Devices.Choose(() => throw new DllNotFoundException("libtorch_cuda.so")).type);
        Assert.Throws<InvalidOperationException>(() => Devices.IsAvailable(() => throw new InvalidOperationException("a real bug")));
    }

    [Fact]
    public void Default_device_on_this_cpu_build_is_the_cpu_and_says_so()
    {
        Assert.Equal(DeviceType.CPU, Devices.Default.type);
        Assert.StartsWith("Using the CPU", Devices.Describe());
    }

    [Fact]
    public void Same_seed_gives_identical_tensors_and_random_sequences()
    {
        Seed.Everything(7);
        var a = randn(4, 5);
        var ra = Enumerable.Range(0, 5).Select(_ => Seed.Random.Next()).ToArray();
        Seed.Everything(7);
        var b = randn(4, 5);
        var rb = Enumerable.Range(0, 5).Select(_ => Seed.Random.Next()).ToArray();
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.Equal(ra, rb);
    }

    [Fact]
    public void Different_seeds_give_different_tensors_and_sequences()
    {
        Seed.Everything(7);
        var a = randn(4, 5);
        var ra = Seed.Random.Next();
        Seed.Everything(8);
        var b = randn(4, 5);
        var rb = Seed.Random.Next();
        Assert.NotEqual(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.NotEqual(ra, rb);
    }
}
