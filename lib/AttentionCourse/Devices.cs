using AttentionCourse.Native;
using TorchSharp;

namespace AttentionCourse;

/// <summary>
/// The one place that picks where tensors live (named Devices so that it does not clash with
/// <c>torch.Device</c> under <c>using static TorchSharp.torch;</c>): CUDA when TorchSharp has a working CUDA backend,
/// otherwise the CPU. Every notebook and helper takes its device from here (chapter 00 explains it).
/// </summary>
public static class Devices
{
    static readonly Lazy<torch.Device> Chosen = new(() => Choose(TorchCudaAvailable));

    /// <summary>The device the course uses: <c>cuda</c> if available, else <c>cpu</c>.</summary>
    public static torch.Device Default => Chosen.Value;

    /// <summary>
    /// Picks CUDA when <paramref name="cudaAvailable"/> says so, else the CPU. A probe that throws
    /// <see cref="NotSupportedException"/> or <see cref="DllNotFoundException"/> (TorchSharp does when
    /// no CUDA package was restored) means "not available", never an error.
    /// </summary>
    public static torch.Device Choose(Func<bool> cudaAvailable) =>
        IsAvailable(cudaAvailable) ? torch.CUDA : torch.CPU;

    /// <summary>True when the probe says CUDA is usable; false when it says no or throws because no CUDA backend exists.</summary>
    public static bool IsAvailable(Func<bool> cudaAvailable)
    {
        try { return cudaAvailable(); }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>One plain sentence about the device in use and why.</summary>
    public static string Describe() => Describe(Default);

    internal static string Describe(torch.Device device) => device.type == DeviceType.CUDA
        ? $"Using the GPU (CUDA, {TorchCudaDeviceCount()} device(s))."
        : "Using the CPU: no CUDA device is available to TorchSharp here (the default TorchSharp-cpu build has none). Every notebook runs on the CPU.";

    static bool TorchCudaAvailable()
    {
        EnsureNative();
        return torch.cuda.is_available();
    }

    static int TorchCudaDeviceCount()
    {
        try { return torch.cuda.device_count(); }
        catch (Exception) { return 0; }
    }

    /// <summary>Rethrows, with its message intact, a failure to make TorchSharp's native library loadable.</summary>
    internal static void EnsureNative()
    {
        if (NativeSetup.Error is { } e)
            throw new InvalidOperationException($"TorchSharp's native library could not be prepared: {e.Message} See README.md, Troubleshooting.", e);
    }
}
