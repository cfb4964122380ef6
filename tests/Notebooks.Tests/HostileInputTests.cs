using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>Input a tester would try: the runner answers with one line and an exit code, never a .NET crash.</summary>
public class HostileInputTests
{
    static string OneErrorLine(Nb.Result result) =>
        Assert.Single(result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [InlineData("""{"cell_type": 3, "metadata": {}, "outputs": [], "source": "1"}""")]
    [InlineData("""{"cell_type": "code", "metadata": {}, "outputs": [], "source": 5}""")]
    [InlineData("""{"cell_type": "code", "metadata": [], "outputs": [], "source": ["1", 2]}""")]
    public void A_cell_of_the_wrong_json_type_is_an_input_error_naming_the_file(string cell)
    {
        var dir = Nb.Workspace();
        var path = Path.Combine(dir, "typed.ipynb");
        File.WriteAllText(path, $$"""{"cells": [{{cell}}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}""");
        var result = Nb.Run("run", path, "--output", dir + "/out");
        Assert.Equal(2, result.Exit);
        Assert.Contains("typed.ipynb", OneErrorLine(result));
    }

    [Fact]
    public void An_unreadable_source_is_an_input_error_naming_the_file()
    {
        // A regular file whose read fails even for root (a chmod 000 file would not, run as root):
        // /proc/self/mem of the runner itself answers EIO at offset 0.
        var dir = Nb.Workspace();
        var result = Nb.Run("run", "/proc/self/mem", "--output", dir + "/out");
        Assert.Equal(2, result.Exit);
        Assert.Contains("/proc/self/mem", OneErrorLine(result));
    }

    [Fact]
    public void An_output_path_that_is_a_file_is_an_input_error()
    {
        var dir = Nb.Workspace("empty.ipynb");
        var file = Path.Combine(dir, "taken.txt");
        File.WriteAllText(file, "x");
        var result = Nb.Run("run", Path.Combine(dir, "empty.ipynb"), "--output", file);
        Assert.Equal(2, result.Exit);
        Assert.Contains("taken.txt", OneErrorLine(result));
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_is_an_input_error()
    {
        // /proc refuses new folders even to root, where a chmod would not.
        var dir = Nb.Workspace("empty.ipynb");
        var result = Nb.Run("run", Path.Combine(dir, "empty.ipynb"), "--output", "/proc/nb-test-out");
        Assert.Equal(2, result.Exit);
        Assert.Contains("/proc/nb-test-out", OneErrorLine(result));
    }

    [Fact]
    public void A_folder_named_like_a_notebook_or_without_notebooks_is_an_input_error()
    {
        var dir = Nb.Workspace();
        var folder = Directory.CreateDirectory(Path.Combine(dir, "x.ipynb")).FullName;
        var named = Nb.Run("run", folder, "--output", dir + "/out");
        Assert.Equal(2, named.Exit);
        Assert.Contains("x.ipynb", OneErrorLine(named));
        Assert.Contains("no notebooks", named.Err);
    }

    [Fact]
    public void Two_notebooks_with_the_same_name_are_refused_rather_than_overwritten()
    {
        var dir = Nb.Workspace();
        foreach (var sub in new[] { "a", "b" })
        {
            Directory.CreateDirectory(Path.Combine(dir, sub));
            File.Copy(Path.Combine(Nb.FixturesFolder, "empty.ipynb"), Path.Combine(dir, sub, "same.ipynb"));
        }
        var result = Nb.Run("run", Path.Combine(dir, "a", "same.ipynb"), Path.Combine(dir, "b"), "--output", dir + "/out");
        Assert.Equal(2, result.Exit);
        Assert.Contains("same.ipynb", OneErrorLine(result));
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Referencing_a_file_that_is_not_an_assembly_is_a_cell_error_and_the_copy_is_written()
    {
        var dir = Nb.Workspace();
        var path = Nb.Write(dir, "passwd.ipynb", "#r \"/etc/passwd\"", "1 + 1");
        var result = Nb.Run("run", path, "--output", dir + "/out");
        Assert.Equal(1, result.Exit);
        var error = Nb.Outputs(Nb.Read(Path.Combine(dir, "out", "passwd.ipynb")), 1).Single()!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.Contains("/etc/passwd", error["evalue"]!.GetValue<string>());
        Assert.Contains("passwd.ipynb, cell 1", result.Out);
    }

    [Fact]
    public void A_cell_writing_the_runner_protocol_to_the_raw_standard_output_cannot_crash_or_fool_it()
    {
        var dir = Nb.Workspace();
        var path = Nb.Write(dir, "forged.ipynb",
            """
            var raw = new System.IO.StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
            raw.WriteLine("@@nb cell x y");
            raw.WriteLine("@@nb cell 99999999999999 1");
            raw.WriteLine("@@nb done ok");
            raw.WriteLine("@@nb");
            """,
            "throw new Exception(\"second\");");
        var result = Nb.Run("run", path, "--output", dir + "/out");
        Assert.Equal(1, result.Exit);
        Assert.Contains("forged.ipynb, cell 2, line 1: System.Exception: second", result.Out);
        Assert.Matches(@"forged\.ipynb\s+2\s+\S+\s+failed", result.Out);
    }

    [Fact]
    public void In_place_on_a_symlink_writes_through_to_its_target()
    {
        var dir = Nb.Workspace("good.ipynb");
        var link = Path.Combine(dir, "link.ipynb");
        File.CreateSymbolicLink(link, "good.ipynb");
        Assert.Equal(0, Nb.Run("run", link, "--in-place").Exit);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(1, Nb.CodeCells(Nb.Read(Path.Combine(dir, "good.ipynb")))[0]!["execution_count"]!.GetValue<int>());
    }

    [Fact]
    public void A_fifo_is_refused_instead_of_hanging()
    {
        var dir = Nb.Workspace();
        var fifo = Path.Combine(dir, "pipe.ipynb");
        Process.Start("mkfifo", [fifo])!.WaitForExit();
        var result = Nb.RunWith(null, TimeSpan.FromSeconds(60), "run", fifo, "--output", dir + "/out");
        Assert.Equal(2, result.Exit);
        var line = OneErrorLine(result);
        Assert.Contains("pipe.ipynb", line);
        Assert.Contains("not a regular file", line);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void A_signal_to_the_runner_stops_its_worker_and_removes_temporary_files(string signal)
    {
        var dir = Nb.Workspace();
        var path = Nb.Write(dir, "busy.ipynb", "while (true) { }");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { Nb.Dll, "run", path, "--output", dir + "/out" }) start.ArgumentList.Add(a);
        using var runner = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        runner.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        runner.ErrorDataReceived += (_, e) => { };
        runner.BeginOutputReadLine();
        runner.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!output.ToString().Contains("cell 1/1") && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(100);
        Thread.Sleep(500);
        var workers = Children(runner.Id);
        Assert.NotEmpty(workers);

        Process.Start("kill", [$"-{signal}", runner.Id.ToString()])!.WaitForExit();
        Assert.True(runner.WaitForExit(30_000), "the runner did not exit after the signal");
        var gone = Stopwatch.StartNew();
        while (workers.Any(Alive) && gone.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(100);
        var orphans = workers.Where(Alive).ToList();
        foreach (var pid in orphans) Process.GetProcessById(pid).Kill();
        Assert.Empty(orphans);
        Assert.NotEqual(0, runner.ExitCode);
        Assert.Empty(Directory.EnumerateFiles(Path.GetTempPath(), $"nb-{runner.Id}-*"));
    }

    static List<int> Children(int parent) => Directory.EnumerateDirectories("/proc")
        .Select(Path.GetFileName).Where(n => int.TryParse(n, out _)).Select(int.Parse!)
        .Where(pid =>
        {
            try { return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ')[1] == parent.ToString(); }
            catch (IOException) { return false; }
        }).ToList();

    static bool Alive(int pid)
    {
        try { return !File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z'); }
        catch (IOException) { return false; }
    }
}
