using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AttentionCourse.Notebooks;

/// <summary>
/// Restores <c>#r "nuget: Name, Version"</c> packages the way a learner's machine would: it writes a
/// small project into a cache folder, runs <c>dotnet restore</c> against the machine's configured NuGet
/// sources (plus any <c>#i "nuget: ..."</c> sources), and reads the runtime assemblies from
/// <c>project.assets.json</c>. A package set restored before is not restored again.
/// </summary>
sealed class NuGetRestorer
{
    const string TargetFramework = "net10.0";

    /// <summary>The cache root: <c>$XDG_CACHE_HOME/attention-course/nuget</c> (or <c>~/.cache/...</c>).</summary>
    public static string CacheRoot
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cache))
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(cache, "attention-course", "nuget");
        }
    }

    /// <summary>Restores <paramref name="packages"/> together and returns the paths of their runtime assemblies and the folders of their native libraries for this machine.</summary>
    public (IReadOnlyList<string> Assemblies, IReadOnlyList<string> NativeFolders) Restore(IReadOnlyCollection<PackageRequest> packages, IReadOnlyCollection<string> sources, string where)
    {
        var project = ProjectText(packages, sources);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(project)))[..16];
        var dir = Path.Combine(CacheRoot, key);
        var assets = Path.Combine(dir, "obj", "project.assets.json");
        if (!File.Exists(assets))
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "restore.csproj"), project);
            var (exit, output) = RunDotnet(dir, "restore", "restore.csproj", "--nologo", "-v", "q");
            if (exit != 0 || !File.Exists(assets))
            {
                if (File.Exists(assets)) File.Delete(assets);
                var names = string.Join(", ", packages.Select(p => $"{p.Name} {p.Version}"));
                throw new UnsupportedCellException($"{where}: restoring {names} failed:\n{Summarise(output)}");
            }
        }
        var parsed = JsonNode.Parse(File.ReadAllText(assets))!;
        return (RuntimeAssemblies(parsed), NativeFolders(parsed));
    }

    /// <summary>Folders of the packages' native assets (runtimeTargets of type native) for this machine's runtime identifier.</summary>
    static List<string> NativeFolders(JsonNode assets)
    {
        var folders = assets["packageFolders"]!.AsObject().Select(p => p.Key).ToList();
        var libraries = assets["libraries"]!.AsObject();
        var rids = TorchSharpNativeFix.RuntimeIds().ToList();
        var result = new List<string>();
        foreach (var (id, library) in assets["targets"]![TargetFramework]!.AsObject())
        {
            if (library?["runtimeTargets"] is not JsonObject targets) continue;
            var packagePath = libraries[id]!["path"]!.GetValue<string>();
            foreach (var (file, info) in targets)
            {
                if (info?["assetType"]?.GetValue<string>() != "native" || !rids.Contains(info["rid"]?.GetValue<string>() ?? "")) continue;
                var full = folders.Select(f => Path.Combine(f, packagePath, file)).FirstOrDefault(File.Exists);
                if (full is not null && Path.GetDirectoryName(Path.GetFullPath(full)) is { } dir && !result.Contains(dir)) result.Add(dir);
            }
        }
        return result;
    }

    static string ProjectText(IEnumerable<PackageRequest> packages, IEnumerable<string> sources)
    {
        var text = new StringBuilder();
        text.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
        text.AppendLine($"  <PropertyGroup><TargetFramework>{TargetFramework}</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>");
        text.AppendLine("    <ImportDirectoryBuildProps>false</ImportDirectoryBuildProps><ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps>");
        var extra = sources.ToList();
        if (extra.Count > 0) text.AppendLine($"    <RestoreAdditionalProjectSources>{string.Join(';', extra)}</RestoreAdditionalProjectSources>");
        text.AppendLine("  </PropertyGroup>");
        text.AppendLine("  <ItemGroup>");
        foreach (var p in packages.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
            text.AppendLine($"    <PackageReference Include=\"{p.Name}\" Version=\"[{p.Version}]\" />");
        text.AppendLine("  </ItemGroup>");
        text.AppendLine("</Project>");
        return text.ToString();
    }

    static List<string> RuntimeAssemblies(JsonNode assets)
    {
        var folders = assets["packageFolders"]!.AsObject().Select(p => p.Key).ToList();
        var libraries = assets["libraries"]!.AsObject();
        var result = new List<string>();
        foreach (var (id, library) in assets["targets"]![TargetFramework]!.AsObject())
        {
            if (library!["type"]?.GetValue<string>() != "package" || library["runtime"] is not JsonObject runtime) continue;
            var packagePath = libraries[id]!["path"]!.GetValue<string>();
            foreach (var (file, _) in runtime)
            {
                if (!file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) continue;
                var full = folders.Select(f => Path.Combine(f, packagePath, file)).FirstOrDefault(File.Exists);
                if (full is not null) result.Add(Path.GetFullPath(full));
            }
        }
        return result;
    }

    static (int Exit, string Output) RunDotnet(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    static string Summarise(string output) => string.Join('\n', output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Select(l => l.Trim()).Distinct().Take(10));
}
