using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace AttentionCourse.Efficient;

/// <summary>One measurement: wall time and the peak resident memory added while the code ran.</summary>
/// <param name="Seconds">Wall-clock seconds of the measured call (median when repeated).</param>
/// <param name="PeakBytes">Peak resident set size during the call minus the resident size just before it (bytes); NaN where unmeasurable.</param>
public sealed record MemoryMeasurement(double Seconds, double PeakBytes);

/// <summary>
/// Measures the peak memory a piece of code adds, from the kernel's own count: on Linux it resets the process's
/// high-water mark (writing 5 to /proc/self/clear_refs), runs the code, and reads VmHWM from /proc/self/status.
/// glibc keeps freed blocks below its adaptive mmap threshold in the heap, which would hide a second measurement in
/// the same process; <see cref="Measure"/> therefore fixes that threshold at 64 KiB (mallopt), so every large tensor
/// is mapped and unmapped. The benchmarks also run each size in a fresh process. Used in chapter 19.
/// </summary>
public static partial class PeakMemory
{
    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int Mallopt(int param, int value);

    static readonly Lazy<bool> Prepared = new(() =>
    {
        if (!IsSupported) return false;
        try { Mallopt(-3, 64 * 1024); Mallopt(-1, 128 * 1024); } catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
        return true;   // M_MMAP_THRESHOLD = -3, M_TRIM_THRESHOLD = -1
    });

    /// <summary>True on Linux, where /proc gives the high-water mark.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    /// <summary>Resident set size now, in bytes (VmRSS), or NaN off Linux.</summary>
    public static double ResidentBytes() => Read("VmRSS");

    /// <summary>
    /// Runs <paramref name="action"/> once and returns its wall time and the peak resident memory above the level
    /// just before it (NaN where the platform cannot say).
    /// </summary>
    /// <param name="action">The code to measure; it should dispose what it allocates.</param>
    public static MemoryMeasurement Measure(Action action)
    {
        bool supported = Prepared.Value;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (supported) File.WriteAllText("/proc/self/clear_refs", "5");
        double before = Read("VmHWM");
        var clock = Stopwatch.StartNew();
        action();
        double seconds = clock.Elapsed.TotalSeconds;
        return new MemoryMeasurement(seconds, supported ? Read("VmHWM") - before : double.NaN);
    }

    static double Read(string field)
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        var match = Regex.Match(File.ReadAllText("/proc/self/status"), field + @":\s+(\d+) kB");
        return match.Success ? double.Parse(match.Groups[1].Value) * 1024 : double.NaN;
    }
}
