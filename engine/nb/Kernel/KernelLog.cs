namespace AttentionCourse.Notebooks.Cli.Kernel;

/// <summary>
/// The kernel's diagnostics. Always stderr (front ends may capture stdout), opened directly on the
/// process's stderr so that a cell redirecting <see cref="Console.Error"/> never receives them.
/// </summary>
internal sealed class KernelLog
{
    readonly TextWriter _writer;
    readonly Lock _gate = new();

    /// <summary>Logs to <paramref name="writer"/>; tests pass a <see cref="StringWriter"/>.</summary>
    public KernelLog(TextWriter writer) => _writer = writer;

    /// <summary>A log on the process's own stderr stream.</summary>
    public static KernelLog ToStandardError() =>
        new(new StreamWriter(Console.OpenStandardError()) { AutoFlush = true });

    /// <summary>Writes one line prefixed with the time and <c>[nb kernel]</c>.</summary>
    public void Write(string message)
    {
        lock (_gate) _writer.WriteLine($"[nb kernel {DateTime.UtcNow:HH:mm:ss.fff}] {message}");
    }
}
