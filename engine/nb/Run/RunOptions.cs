using System.Globalization;

namespace AttentionCourse.Notebooks.Cli.Run;

/// <summary>The options of <c>nb run</c>; see README.md, "Running the course headless".</summary>
/// <param name="Inputs">Notebooks, or folders meaning every *.ipynb in them in name order.</param>
/// <param name="Output">Where executed copies go. Default <c>out/notebooks</c> under the current directory.</param>
/// <param name="InPlace">Write executed notebooks over their sources (a failed one only with <paramref name="AllowErrors"/>).</param>
/// <param name="Timeout">Per-cell time limit. Default 300 s.</param>
/// <param name="AllowErrors">Run every cell even after a failure.</param>
sealed record RunOptions(IReadOnlyList<string> Inputs, string Output, bool InPlace, TimeSpan Timeout, bool AllowErrors)
{
    public const string DefaultOutput = "out/notebooks";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(300);

    /// <summary>Parses the arguments after <c>run</c>; a usage error is a <see cref="ArgumentException"/> with a one-line message.</summary>
    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        var inputs = new List<string>();
        string output = DefaultOutput;
        bool inPlace = false, allowErrors = false;
        var timeout = DefaultTimeout;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--output" or "-o": output = Value(); break;
                case "--in-place": inPlace = true; break;
                case "--allow-errors": allowErrors = true; break;
                case "--timeout":
                    var text = Value();
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0)
                        throw new ArgumentException($"--timeout takes a positive number of seconds; got '{text}'.");
                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                case var a when a.StartsWith('-'): throw new ArgumentException($"unknown option {a}.");
                default: inputs.Add(args[i]); break;
            }
        }
        if (inputs.Count == 0) throw new ArgumentException("name at least one notebook or folder.");
        return new RunOptions(inputs, output, inPlace, timeout, allowErrors);
    }
}
