using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using AttentionCourse.Native;

namespace AttentionCourse.Notebooks;

/// <summary>
/// The course's GLIBCXX fix (lib/AttentionCourse/Native, whose ELF reader is compiled into the engine)
/// for notebooks that take TorchSharp from NuGet without the course library: TorchSharp 0.107.0's
/// <c>libLibTorchSharp.so</c> needs <c>GLIBCXX_3.4.32</c>, which Debian 12 and Ubuntu 22.04 lack.
/// When a notebook's restored packages or referenced folders contain that library, the engine loads
/// its dependencies from those folders, tries the original, and only if the loader names the missing
/// version loads a copy whose need is weak, written to the user's cache (never the NuGet cache).
/// TorchSharp's <c>DllImport("LibTorchSharp")</c> is then pointed at the loaded library.
/// </summary>
static class TorchSharpNativeFix
{
    const string Library = "libLibTorchSharp.so";
    const string MissingVersion = "GLIBCXX_3.4.32";
    static readonly string[] SymbolsSafeToWeaken = ["_ZSt21ios_base_library_initv"];
    static readonly Lock Gate = new();
    static string? _status;

    /// <summary>What was done, once applied: "original library loaded" or where the patched copy lives.</summary>
    public static string? Status => _status;

    /// <summary>
    /// Applies the fix once per process when <paramref name="nativeFolders"/> hold <c>libLibTorchSharp.so</c>
    /// and TorchSharp is among <paramref name="assemblies"/>. Throws <see cref="UnsupportedCellException"/>
    /// with one readable paragraph when TorchSharp's native library cannot be loaded.
    /// </summary>
    public static void Apply(IReadOnlyList<string> nativeFolders, IEnumerable<Assembly> assemblies, string where)
    {
        if (!OperatingSystem.IsLinux()) return;
        var torchSharp = assemblies.FirstOrDefault(a => a.GetName().Name == "TorchSharp");
        var original = nativeFolders.Select(f => Path.Combine(f, Library)).FirstOrDefault(File.Exists);
        if (torchSharp is null || original is null) return;
        lock (Gate)
        {
            if (_status is not null) return;
            IntPtr handle;
            try
            {
                (handle, _status) = Load(original, nativeFolders);
            }
            catch (Exception e) when (e is DllNotFoundException or ElfFormatException or IOException or UnauthorizedAccessException or BadImageFormatException)
            {
                throw new UnsupportedCellException(
                    $"{where}: TorchSharp's native library cannot be loaded on this machine, so torch calls would fail. " +
                    $"The library is {original}; the loader said: {e.Message.ReplaceLineEndings(" ")} " +
                    "The course's fix covers only a libstdc++ older than GLIBCXX_3.4.32 (Debian 12, Ubuntu 22.04). " +
                    "Check that the TorchSharp-cpu package matches this machine (linux-x64, glibc), or install a newer libstdc++6, then restart the notebook.");
            }
            try
            {
                NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) =>
                    name is "LibTorchSharp" or "libLibTorchSharp" or Library ? handle : IntPtr.Zero);
            }
            catch (InvalidOperationException)
            {
                // A resolver was set already (the course library's); the loaded library still satisfies a load by soname.
            }
        }
    }

    static (IntPtr Handle, string Status) Load(string original, IReadOnlyList<string> folders)
    {
        var elf = ElfVersionNeeds.Read(original);
        // NuGet keeps libtorch in another package's folder than libLibTorchSharp.so, whose $ORIGIN runpath
        // then finds nothing: load what it needs first, by full path; the loader matches them by soname.
        foreach (var needed in elf.NeededLibraries)
        {
            var path = folders.Select(f => Path.Combine(f, needed)).FirstOrDefault(File.Exists);
            if (path is not null) NativeLibrary.TryLoad(path, out _);
        }
        try
        {
            return (NativeLibrary.Load(original), "original library loaded");
        }
        catch (DllNotFoundException e) when (e.Message.Contains(MissingVersion, StringComparison.Ordinal))
        {
            var patched = PatchedCopyPath(original);
            if (!File.Exists(patched))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(patched)!);
                elf.WriteWithWeakNeed(patched, "libstdc++.so.6", MissingVersion, SymbolsSafeToWeaken);
            }
            return (NativeLibrary.Load(patched), $"patched copy loaded from {patched} (system libstdc++ lacks {MissingVersion})");
        }
    }

    /// <summary>The same cache path as the course library's: <c>~/.cache/attention-course/native/HASH/libLibTorchSharp.so</c>.</summary>
    static string PatchedCopyPath(string original)
    {
        using var stream = File.OpenRead(original);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache))
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "attention-course", "native", hash, Path.GetFileName(original));
    }

    /// <summary>Folders where a referenced assembly's native libraries may sit: beside it, and under runtimes/RID/native.</summary>
    public static IEnumerable<string> FoldersBeside(string assemblyPath)
    {
        var folder = Path.GetDirectoryName(assemblyPath)!;
        yield return folder;
        foreach (var rid in RuntimeIds()) yield return Path.Combine(folder, "runtimes", rid, "native");
    }

    /// <summary>This machine's runtime identifiers, most specific first (e.g. linux-x64).</summary>
    public static IEnumerable<string> RuntimeIds()
    {
        yield return RuntimeInformation.RuntimeIdentifier;
        yield return $"linux-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
    }
}
