using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace AttentionCourse.Native;

/// <summary>
/// Makes TorchSharp's native library load on Linux systems whose libstdc++ is older than the one
/// TorchSharp 0.107.0 was built against (Debian 12, Ubuntu 22.04). Systems that load the original
/// library are left untouched. See the README's troubleshooting section.
/// </summary>
/// <remarks>
/// Steps, taken once per process before TorchSharp's first native call:
/// 1. find <c>libLibTorchSharp.so</c> beside <c>TorchSharp.dll</c> (or under <c>runtimes/RID/native</c>);
/// 2. try to load it as it is: if that works, nothing else happens;
/// 3. only if the loader says <c>GLIBCXX_3.4.32</c> is missing, write a copy whose need for that
///    version is weak (<see cref="ElfVersionNeeds"/>) to the user's cache folder, load its
///    dependencies from the original folder, load the copy, and point TorchSharp's
///    <c>DllImport("LibTorchSharp")</c> at it. The NuGet cache is never written.
/// </remarks>
public static class TorchSharpNative
{
    /// <summary>The version the prebuilt TorchSharp binary needs and older systems lack.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>The only symbol bound to <see cref="MissingVersion"/>: <c>std::ios_base_library_init()</c>.</summary>
    public static readonly IReadOnlyCollection<string> SymbolsSafeToWeaken = ["_ZSt21ios_base_library_initv"];

    static readonly Lock Gate = new();
    static string? _status;

    /// <summary>What happened, in plain words: "not needed", "original library loaded", or where the patched copy lives.</summary>
    public static string Status => _status ?? "not checked yet";

    /// <summary>Idempotent. Throws <see cref="ElfFormatException"/> or <see cref="DllNotFoundException"/> with a clear message when the library cannot be made to load.</summary>
    public static void EnsureLoadable()
    {
        lock (Gate)
        {
            if (_status is not null) return;
            _status = Load(typeof(TorchSharp.torch).Assembly);
        }
    }

    static string Load(Assembly torchSharp)
    {
        if (!OperatingSystem.IsLinux()) return "not needed on this operating system";
        var original = FindNativeLibrary(torchSharp);
        if (original is null) return "libLibTorchSharp.so not found beside TorchSharp.dll; TorchSharp's own search applies";

        var (handle, status) = Prepare(original, NativeLibrary.Load, PatchedCopyPath(original));
        Resolve(torchSharp, handle);
        return status;
    }

    /// <summary>
    /// Loads <paramref name="original"/> with <paramref name="load"/> if it loads as it is; otherwise, only
    /// when the failure names <see cref="MissingVersion"/>, writes (once) and loads the weak-need copy at
    /// <paramref name="patched"/>. The loader is a parameter so tests can play a system that needs no fix.
    /// </summary>
    internal static (IntPtr Handle, string Status) Prepare(string original, Func<string, IntPtr> load, string patched)
    {
        string loadError;
        try
        {
            return (load(original), $"original library loaded from {Tilde(original)}");
        }
        catch (DllNotFoundException e) { loadError = e.Message; }
        if (!loadError.Contains(MissingVersion, StringComparison.Ordinal))
            throw new DllNotFoundException($"TorchSharp's native library '{original}' does not load, for a reason the course cannot fix: {loadError}");

        var elf = ElfVersionNeeds.Read(original);
        if (!File.Exists(patched))
            elf.WriteWithWeakNeed(patched, "libstdc++.so.6", MissingVersion, SymbolsSafeToWeaken);
        // The copy lives elsewhere, so its $ORIGIN runpath no longer finds libtorch: load those first
        // from the original folder; the loader then matches the copy's DT_NEEDED by soname.
        var folder = Path.GetDirectoryName(original)!;
        foreach (var needed in elf.NeededLibraries.Select(n => Path.Combine(folder, n)).Where(File.Exists))
            load(needed);
        return (load(patched), $"patched copy loaded from {Tilde(patched)} (system libstdc++ lacks {MissingVersion})");
    }

    /// <summary>A path under the home folder written with <c>~</c>, so a notebook's output does not carry the user's name.</summary>
    static string Tilde(string path)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return home.Length > 1 && path.StartsWith(home + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? "~" + path[home.Length..] : path;
    }

    /// <summary>Where the weak-need copy of <paramref name="original"/> is cached: keyed by the original's SHA-256.</summary>
    public static string PatchedCopyPath(string original)
    {
        using var stream = File.OpenRead(original);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "attention-course", "native", hash, Path.GetFileName(original));
    }

    internal static string? FindNativeLibrary(Assembly torchSharp)
    {
        var dir = Path.GetDirectoryName(torchSharp.Location);
        if (string.IsNullOrEmpty(dir)) return null;
        string[] candidates =
        [
            Path.Combine(dir, "libLibTorchSharp.so"),
            Path.Combine(dir, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", "libLibTorchSharp.so"),
            Path.Combine(dir, "runtimes", $"linux-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}", "native", "libLibTorchSharp.so"),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    static void Resolve(Assembly torchSharp, IntPtr handle)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) =>
                name is "LibTorchSharp" or "libLibTorchSharp" or "libLibTorchSharp.so" ? handle : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
            // Someone set a resolver already; the loaded library still satisfies a by-name load through its soname.
        }
    }
}
