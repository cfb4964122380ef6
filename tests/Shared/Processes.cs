using System.Diagnostics;

namespace AttentionCourse.TestSupport;

/// <summary>Runs a program for a test and collects its exit code and both output streams (linked into each test project).</summary>
internal static class Processes
{
    /// <summary>What a finished process left.</summary>
    /// <param name="Exit">Exit code.</param>
    /// <param name="Out">Standard output.</param>
    /// <param name="Err">Standard error.</param>
    public sealed record Result(int Exit, string Out, string Err)
    {
        /// <summary>Standard output followed by standard error.</summary>
        public string Output => Out + Err;
    }

    /// <summary>
    /// Starts <paramref name="file"/> with <paramref name="args"/> (each passed as one argument, no shell quoting), closes
    /// its standard input, reads both streams concurrently (so neither can fill up and block the child) and waits. A
    /// process still running after <paramref name="timeout"/> (if given) is killed with its children and the call throws
    /// <see cref="TimeoutException"/>.
    /// </summary>
    /// <param name="file">The program, e.g. "dotnet" or "/usr/bin/python3".</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="timeout">How long to wait; default: as long as it takes.</param>
    public static Result Run(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (timeout is { } limit && !process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {limit.TotalSeconds:0} s");
        }
        process.WaitForExit();                                       // lets the output readers reach the end
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
