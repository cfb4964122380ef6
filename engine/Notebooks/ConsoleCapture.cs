using System.Text;

namespace AttentionCourse.Notebooks;

/// <summary>A console writer that turns every write into a <see cref="StreamOutput"/> of the running cell.</summary>
sealed class ConsoleCapture(string name, Func<Action<CellOutput>?> sink) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        sink()?.Invoke(new StreamOutput(name, value));
    }
}
