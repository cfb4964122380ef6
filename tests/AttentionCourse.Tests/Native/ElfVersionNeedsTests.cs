using AttentionCourse.TestSupport;
using System.Diagnostics;
using System.Security.Cryptography;
using AttentionCourse.Native;

namespace AttentionCourse.Tests.Native;

public class ElfVersionNeedsTests
{
    const string Stdcxx = "libstdc++.so.6";

    static string RealLibrary =>
        TorchSharpNative.FindNativeLibrary(typeof(TorchSharp.torch).Assembly)
        ?? throw new InvalidOperationException("libLibTorchSharp.so was not copied beside TorchSharp.dll");

    static string Temp(string name) => Path.Combine(Directory.CreateTempSubdirectory("elf-").FullName, name);

    static string Sha(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    static string ReadElf(string path) => Processes.Run("readelf", ["-V", "-W", path]).Out;

    [Fact]
    public void The_real_library_needs_GLIBCXX_3_4_32_from_libstdcxx_and_binds_only_ios_base_library_init_to_it()
    {
        var elf = ElfVersionNeeds.Read(RealLibrary);
        var need = elf.Needs.Single(n => n.Name == TorchSharpNative.MissingVersion);
        Assert.Equal(Stdcxx, need.File);
        Assert.False(need.IsWeak);
        var bound = elf.Symbols.Where(s => (s.VersionIndex & 0x7fff) == need.Index).ToList();
        Assert.Equal(["_ZSt21ios_base_library_initv"], bound.Select(s => s.Name));
        Assert.All(bound, s => Assert.False(s.IsDefined));
        Assert.Contains("libtorch.so", elf.NeededLibraries);
    }

    [Fact]
    public void The_patched_copy_differs_only_in_that_need_being_weak_as_readelf_reports_and_the_original_is_untouched()
    {
        var before = Sha(RealLibrary);
        var copy = Temp("libLibTorchSharp.so");
        ElfVersionNeeds.Read(RealLibrary).WriteWithWeakNeed(copy, Stdcxx, TorchSharpNative.MissingVersion, TorchSharpNative.SymbolsSafeToWeaken);

        Assert.Equal(before, Sha(RealLibrary));
        var original = File.ReadAllBytes(RealLibrary);
        var patched = File.ReadAllBytes(copy);
        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Single(changed);

        var reread = ElfVersionNeeds.Read(copy);
        Assert.True(reread.Needs.Single(n => n.Name == TorchSharpNative.MissingVersion).IsWeak);
        Assert.All(reread.Needs.Where(n => n.Name != TorchSharpNative.MissingVersion), n => Assert.False(n.IsWeak));
        // An independent reader agrees: binutils' readelf.
        Assert.Matches(@"Name: GLIBCXX_3\.4\.32\s+Flags: WEAK", ReadElf(copy));
        Assert.Matches(@"Name: GLIBCXX_3\.4\.32\s+Flags: none", ReadElf(RealLibrary));
    }

    [Fact]
    public void A_need_whose_symbols_are_relocated_is_refused()
    {
        var elf = ElfVersionNeeds.Read(RealLibrary);
        var need = elf.Needs.Single(n => n.Name == "GLIBCXX_3.4.30");
        var names = elf.Symbols.Where(s => (s.VersionIndex & 0x7fff) == need.Index).Select(s => s.Name).ToList();
        var destination = Temp("out.so");
        var error = Assert.Throws<ElfFormatException>(() => elf.WriteWithWeakNeed(destination, Stdcxx, "GLIBCXX_3.4.30", names));
        Assert.Contains("has a relocation against", error.Message);
        Assert.False(File.Exists(destination));
    }

    [Fact]
    public void A_symbol_outside_the_allowed_list_is_refused()
    {
        var destination = Temp("out.so");
        var error = Assert.Throws<ElfFormatException>(() =>
            ElfVersionNeeds.Read(RealLibrary).WriteWithWeakNeed(destination, Stdcxx, TorchSharpNative.MissingVersion, []));
        Assert.Contains("binds symbol '_ZSt21ios_base_library_initv' to GLIBCXX_3.4.32", error.Message);
        Assert.Contains(RealLibrary, error.Message);
        Assert.False(File.Exists(destination));
    }

    public static TheoryData<string, byte[]> MalformedFiles()
    {
        var real = File.ReadAllBytes(RealLibrary);
        var elf32 = (byte[])real[..64].Clone();
        elf32[4] = 1;
        var executable = (byte[])real.Clone();
        executable[16] = 2;
        return new()
        {
            { "is not an ELF file", "not a library at all\n"u8.ToArray() },
            { "is not a 64-bit little-endian ELF file", elf32 },
            { "is not an ELF shared library", executable },
            { "is truncated or has offsets outside the file", real[..4096] },
            { "is not an ELF file", [] },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Malformed_files_give_a_clear_error_naming_the_file_and_are_not_touched(string message, byte[] content)
    {
        var path = Temp("libBroken.so");
        File.WriteAllBytes(path, content);
        var before = Sha(path);
        var error = Assert.Throws<ElfFormatException>(() => ElfVersionNeeds.Read(path));
        Assert.Contains(message, error.Message);
        Assert.Contains(path, error.Message);
        Assert.Equal(before, Sha(path));
    }

    [Fact]
    public void A_library_without_that_need_is_refused_by_name()
    {
        var libz = new[] { "/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1" }.First(File.Exists);
        var destination = Temp("out.so");
        var error = Assert.Throws<ElfFormatException>(() =>
            ElfVersionNeeds.Read(libz).WriteWithWeakNeed(destination, Stdcxx, TorchSharpNative.MissingVersion, TorchSharpNative.SymbolsSafeToWeaken));
        Assert.Contains("needs no version GLIBCXX_3.4.32 from libstdc++.so.6", error.Message);
        Assert.False(File.Exists(destination));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<ElfFormatException>(() => ElfVersionNeeds.Read("/nonexistent/libLibTorchSharp.so"));
        Assert.Contains("/nonexistent/libLibTorchSharp.so", error.Message);
    }

    [Fact]
    public void The_patched_copy_is_cached_outside_the_NuGet_cache_keyed_by_the_original_content()
    {
        var path = TorchSharpNative.PatchedCopyPath(RealLibrary);
        Assert.Contains(Path.Combine("attention-course", "native", Sha(RealLibrary)[..16].ToLowerInvariant()), path);
        Assert.DoesNotContain(".nuget", path);
    }
}

public class TorchSharpNativePrepareTests
{
    static string RealLibrary => TorchSharpNative.FindNativeLibrary(typeof(TorchSharp.torch).Assembly)!;

    [Fact]
    public void A_system_that_loads_the_original_is_left_untouched()
    {
        var patched = Path.Combine(Directory.CreateTempSubdirectory("cache-").FullName, "libLibTorchSharp.so");
        var loaded = new List<string>();
        var (handle, status) = TorchSharpNative.Prepare(RealLibrary, p => { loaded.Add(p); return 42; }, patched);
        Assert.Equal(42, handle);
        Assert.Equal([RealLibrary], loaded);
        Assert.StartsWith("original library loaded", status);
        Assert.False(File.Exists(patched));
    }

    [Fact]
    public void A_missing_GLIBCXX_3_4_32_loads_the_dependencies_then_a_weak_copy()
    {
        var patched = Path.Combine(Directory.CreateTempSubdirectory("cache-").FullName, "libLibTorchSharp.so");
        var loaded = new List<string>();
        IntPtr Load(string path)
        {
            if (path == RealLibrary) throw new DllNotFoundException($"{path}: version `GLIBCXX_3.4.32' not found (required by {path})");
            loaded.Add(Path.GetFileName(path));
            return 7;
        }
        var (handle, status) = TorchSharpNative.Prepare(RealLibrary, Load, patched);
        Assert.Equal(7, handle);
        Assert.Contains("patched copy loaded", status);
        Assert.Equal("libLibTorchSharp.so", loaded[^1]);
        Assert.Contains("libtorch.so", loaded[..^1]);
        Assert.True(ElfVersionNeeds.Read(patched).Needs.Single(n => n.Name == TorchSharpNative.MissingVersion).IsWeak);
    }

    [Fact]
    public void Any_other_load_failure_is_reported_not_patched()
    {
        var patched = Path.Combine(Directory.CreateTempSubdirectory("cache-").FullName, "libLibTorchSharp.so");
        var error = Assert.Throws<DllNotFoundException>(() =>
            TorchSharpNative.Prepare(RealLibrary, _ => throw new DllNotFoundException("libc10.so: cannot open shared object file"), patched));
        Assert.Contains("for a reason the course cannot fix: libc10.so", error.Message);
        Assert.False(File.Exists(patched));
    }
}
