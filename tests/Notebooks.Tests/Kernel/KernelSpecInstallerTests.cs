using System.Text.Json.Nodes;
using AttentionCourse.Notebooks.Cli.Kernel;

namespace AttentionCourse.Notebooks.Tests.Kernel;

public sealed class KernelSpecInstallerTests : IDisposable
{
    readonly string _prefix = Directory.CreateTempSubdirectory("nb-kernelspec-").FullName;

    public void Dispose() => Directory.Delete(_prefix, recursive: true);

    [Fact]
    public void Prefix_installs_under_share_jupyter_kernels()
    {
        Assert.Equal(Path.Combine(_prefix, "share", "jupyter", "kernels"), KernelSpecInstaller.KernelsDirectory(user: false, _prefix));
    }

    [Fact]
    public void System_location_is_usr_local_share_jupyter_on_unix()
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal("/usr/local/share/jupyter/kernels", KernelSpecInstaller.KernelsDirectory(user: false, prefix: null));
    }

    [Fact]
    public void Kernel_json_starts_the_built_nb_dll_with_the_connection_file()
    {
        var kernels = KernelSpecInstaller.KernelsDirectory(false, _prefix);
        var dir = KernelSpecInstaller.Install(kernels, KernelSpecInstaller.DefaultName, KernelSpecInstaller.DefaultDisplayName, "/usr/bin/dotnet", "/abs/nb.dll", force: false);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "kernel.json")))!;

        Assert.Equal(["/usr/bin/dotnet", "/abs/nb.dll", "kernel", "start", "-f", "{connection_file}"], spec["argv"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("C# (Attention course)", (string)spec["display_name"]!);
        Assert.Equal("C#", (string)spec["language"]!);
        Assert.Equal("message", (string)spec["interrupt_mode"]!);
    }

    [Fact]
    public void Uninstall_removes_our_spec_and_reports_a_missing_one()
    {
        var kernels = KernelSpecInstaller.KernelsDirectory(false, _prefix);
        var dir = KernelSpecInstaller.Install(kernels, ".net-csharp", "C#", "dotnet", "/abs/nb.dll", force: false);
        Assert.True(KernelSpecInstaller.Uninstall(kernels, ".net-csharp", force: false));
        Assert.False(Directory.Exists(dir));
        Assert.False(KernelSpecInstaller.Uninstall(kernels, ".net-csharp", force: false));
    }

    [Fact]
    public void Another_kernels_spec_is_never_replaced_or_removed_without_force()
    {
        var kernels = KernelSpecInstaller.KernelsDirectory(false, _prefix);
        var foreign = Path.Combine(kernels, ".net-csharp");
        Directory.CreateDirectory(foreign);
        const string theirs = """{"argv": ["dotnet", "interactive", "jupyter"], "display_name": ".NET (C#)", "language": "C#"}""";
        File.WriteAllText(Path.Combine(foreign, "kernel.json"), theirs);

        Assert.Throws<InvalidOperationException>(() => KernelSpecInstaller.Install(kernels, ".net-csharp", "C#", "dotnet", "/abs/nb.dll", force: false));
        Assert.Throws<InvalidOperationException>(() => KernelSpecInstaller.Uninstall(kernels, ".net-csharp", force: false));
        Assert.Equal(theirs, File.ReadAllText(Path.Combine(foreign, "kernel.json")));

        KernelSpecInstaller.Install(kernels, ".net-csharp", "C#", "dotnet", "/abs/nb.dll", force: true);
        Assert.Contains("nb.dll", File.ReadAllText(Path.Combine(foreign, "kernel.json")));
    }

    [Fact]
    public void Under_polyglots_name_the_display_name_is_polyglots_so_saved_metadata_stays_the_same()
    {
        Assert.Equal(".NET (C#)", KernelSpecInstaller.DefaultDisplayNameFor(".net-csharp"));
        Assert.Equal("C# (Attention course)", KernelSpecInstaller.DefaultDisplayNameFor(KernelSpecInstaller.DefaultName));
    }

    [Fact]
    public void Install_command_writes_a_spec_that_points_at_this_nb_dll()
    {
        Assert.Equal(0, KernelCommand.Run(["install", "--prefix", _prefix, "--name", ".net-csharp"]));
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(_prefix, "share", "jupyter", "kernels", ".net-csharp", "kernel.json")))!;
        Assert.Equal(typeof(KernelCommand).Assembly.Location, (string)spec["argv"]![1]!);
        Assert.True(Path.IsPathRooted((string)spec["argv"]![0]!) || (string)spec["argv"]![0]! == "dotnet");
        Assert.Equal(".NET (C#)", (string)spec["display_name"]!);
        Assert.Equal(0, KernelCommand.Run(["uninstall", "--prefix", _prefix, "--name", ".net-csharp"]));
        Assert.False(Directory.Exists(Path.Combine(_prefix, "share", "jupyter", "kernels", ".net-csharp")));
    }

    [Fact]
    public void Bad_arguments_are_a_usage_error()
    {
        Assert.Equal(2, KernelCommand.Run(["install", "--user", "--prefix", _prefix]));
        Assert.Equal(2, KernelCommand.Run(["install", "--bogus"]));
        Assert.Equal(2, KernelCommand.Run(["start"]));
        Assert.Equal(1, KernelCommand.Run(["start", "-f", Path.Combine(_prefix, "missing.json")]));
    }

    [Fact]
    public void Invalid_kernel_name_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => KernelSpecInstaller.Install(_prefix, "../escape", "C#", "dotnet", "nb.dll", force: false));
    }
}

/// <summary>The installer run through the <c>nb</c> apphost, as <c>dotnet run --project engine/nb</c> does.</summary>
public sealed class KernelSpecApphostTests : IDisposable
{
    readonly string _prefix = Directory.CreateTempSubdirectory("nb-kernelspec-apphost-").FullName;

    public void Dispose() => Directory.Delete(_prefix, recursive: true);

    [Fact]
    public void Install_through_the_apphost_writes_an_absolute_dotnet_that_exists()
    {
        var apphost = Path.Combine(Path.GetDirectoryName(global::Notebooks.Tests.Nb.Dll)!, OperatingSystem.IsWindows() ? "nb.exe" : "nb");
        Assert.True(File.Exists(apphost), $"no apphost at {apphost}");
        var start = new System.Diagnostics.ProcessStartInfo(apphost) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "kernel", "install", "--prefix", _prefix }) start.ArgumentList.Add(a);
        start.Environment.Remove("DOTNET_HOST_PATH"); // as a terminal or desktop would start it
        using var process = System.Diagnostics.Process.Start(start)!;
        var err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, err);

        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(_prefix, "share", "jupyter", "kernels", KernelSpecInstaller.DefaultName, "kernel.json")))!;
        var dotnet = (string)spec["argv"]![0]!;
        Assert.True(Path.IsPathFullyQualified(dotnet), $"kernel.json starts '{dotnet}'");
        Assert.True(File.Exists(dotnet), dotnet);
        Assert.Equal("dotnet", Path.GetFileNameWithoutExtension(dotnet));
    }
}
