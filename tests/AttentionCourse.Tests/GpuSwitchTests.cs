using AttentionCourse.TestSupport;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace AttentionCourse.Tests;

/// <summary>
/// The GPU switch is a build property. The CUDA packages are not served on this machine, so these
/// tests check what MSBuild evaluates (which package, pinned to which version) rather than a restore.
/// </summary>
public class GpuSwitchTests
{
    static string LibraryProject => Repository.Path("lib", "AttentionCourse", "AttentionCourse.csproj");

    static (int Exit, string Output) MSBuild(params string[] args)
    {
        var result = Processes.Run("dotnet", new[] { "msbuild", LibraryProject, "-nologo" }.Concat(args));
        return (result.Exit, result.Output);
    }

    [Theory]
    [InlineData(null, "TorchSharp-cpu")]
    [InlineData("cpu", "TorchSharp-cpu")]
    [InlineData("cuda-windows", "TorchSharp-cuda-windows")]
    [InlineData("cuda-linux", "TorchSharp-cuda-linux")]
    public void The_backend_property_selects_one_pinned_TorchSharp_package(string? backend, string package)
    {
        var args = new List<string> { "-getItem:PackageReference", "-getItem:PackageVersion" };
        if (backend is not null) args.Add($"-p:TorchBackend={backend}");
        var (exit, output) = MSBuild([.. args]);
        Assert.True(exit == 0, output);
        var items = JsonNode.Parse(output)!["Items"]!;
        var torch = ((JsonArray)items["PackageReference"]!).Select(i => i!["Identity"]!.GetValue<string>()).Where(n => n.StartsWith("TorchSharp", StringComparison.Ordinal));
        Assert.Equal([package], torch);
        var pinned = ((JsonArray)items["PackageVersion"]!).Single(i => i!["Identity"]!.GetValue<string>() == package)!;
        Assert.Equal("0.107.0", pinned["Version"]!.GetValue<string>());
    }

    [Fact]
    public void An_unknown_backend_is_a_clear_build_error()
    {
        var (exit, output) = MSBuild("-t:CheckTorchBackend", "-p:TorchBackend=rocm");
        Assert.NotEqual(0, exit);
        Assert.Contains("TorchBackend is 'rocm'; use cpu (default), cuda-windows or cuda-linux", output);
    }
}
