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
/// the same process; while measuring (<see cref="Measure"/>, or any code inside <see cref="Exact"/>) that threshold is
/// therefore 64 KiB (mallopt), so every large tensor is mapped and unmapped. That setting is slow for everything
/// else (each tensor of a training step then costs an mmap, page faults and an munmap: chapter 19's recall
/// trainings ran 5-10x slower after one measurement), so it is undone afterwards. The benchmarks also run each size
/// in a fresh process. Used in chapter 19.
/// </summary>
public static partial class PeakMemory
{
    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int Mallopt(int param, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int MallocTrim(nuint pad);

    [DllImport("libc", EntryPoint = "malloc")]
    static extern IntPtr Malloc(nuint size);

    [DllImport("libc", EntryPoint = "free")]
    static extern void Free(IntPtr block);

    const int MmapThreshold = -3, TrimThreshold = -1;   // mallopt's M_MMAP_THRESHOLD and M_TRIM_THRESHOLD
    static readonly object Gate = new();
    static int depth;

    /// <summary>
    /// Makes the C allocator map every block of 64 KiB or more from the kernel and return it on free, so that resident
    /// memory (<see cref="ResidentBytes"/>, VmHWM) follows the tensors alive, until the result is disposed. Afterwards
    /// the thresholds are those glibc's own adaptation reaches for large blocks (mmap from 32 MiB, trim above 64 MiB):
    /// once set by mallopt, glibc never adapts them again. Scopes nest. Does nothing off Linux.
    /// </summary>
    /// <returns>Dispose it to end exact accounting.</returns>
    public static IDisposable Exact()
    {
        if (!IsSupported) return new Scope(false);
        lock (Gate)
        {
            if (depth++ == 0) Set(64 * 1024, 128 * 1024);
            TrimHeaps();
        }
        return new Scope(true);
    }

    // Gives back to the kernel what the heaps kept, so that freed memory cannot be reused unseen (resident already, it
    // would not raise VmHWM). malloc_trim returns the free chunks of every arena and the top of the main arena; a
    // thread's own arena keeps its top (often megabytes of freed tensors) until a free of 64 KiB or more in that arena
    // trims it to the trim threshold, so one such block is allocated and freed here, on the measuring thread.
    static void TrimHeaps()
    {
        try
        {
            MallocTrim(0);
            var block = Malloc(256 * 1024);
            if (block != IntPtr.Zero) Free(block);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    static void Set(int mmap, int trim)
    {
        try { Mallopt(MmapThreshold, mmap); Mallopt(TrimThreshold, trim); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    sealed class Scope(bool active) : IDisposable
    {
        bool disposed;

        public void Dispose()
        {
            if (disposed || !active) return;
            disposed = true;
            lock (Gate) if (--depth == 0) Set(32 * 1024 * 1024, 64 * 1024 * 1024);
        }
    }

    /// <summary>
    /// Gives the memory the C heaps hold free back to the kernel, so that <see cref="ResidentBytes"/> counts only what is
    /// alive: a block freed into a heap stays resident, and read before and after a free, resident memory would not
    /// show it. Does nothing off Linux.
    /// </summary>
    public static void Trim()
    {
        using var settings = Exact();                        // low trim threshold while the heaps are trimmed
    }

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
        bool supported = IsSupported;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var exact = Exact();
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
