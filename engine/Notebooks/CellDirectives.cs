using System.Text.RegularExpressions;

namespace AttentionCourse.Notebooks;

/// <summary>A cell uses something the course engine does not run; the message names the notebook, cell and line.</summary>
public sealed class UnsupportedCellException(string message) : Exception(message);

/// <summary>A <c>#r "nuget: Name, Version"</c> request, and the cell line it stands on.</summary>
public sealed record PackageRequest(string Name, string Version, int Line = 0);

/// <summary>
/// The directives a C# cell may carry, as .NET Interactive reads them: a leading <c>#!csharp</c>,
/// <c>#r "nuget: Name, Version"</c>, <c>#r "path.dll"</c> and <c>#i "nuget: source"</c>. Directive
/// lines are blanked in <see cref="Code"/>, so compile errors keep the cell's own line numbers.
/// Any other magic (<c>#!fsharp</c>, <c>#!time</c>, ...) is an <see cref="UnsupportedCellException"/>.
/// </summary>
public sealed partial record CellDirectives(
    string Code,
    IReadOnlyList<PackageRequest> Packages,
    IReadOnlyList<string> AssemblyPaths,
    IReadOnlyList<string> PackageSources)
{
    static readonly string[] CSharpNames = ["csharp", "c#", "cs"];

    /// <summary>Splits <paramref name="source"/> into directives and code. <paramref name="where"/> names the cell in errors.</summary>
    public static CellDirectives Parse(string source, string where)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var packages = new List<PackageRequest>();
        var paths = new List<string>();
        var sources = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var at = $"{where}, line {i + 1}";
            if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                var magic = line[2..].Split(' ', 2)[0];
                if (!CSharpNames.Contains(magic, StringComparer.OrdinalIgnoreCase))
                    throw new UnsupportedCellException(
                        $"{at}: the magic command '#!{magic}' is not supported. Course notebooks contain C# only (no other languages or magic commands), so they run the same in every front end.");
                lines[i] = "";
            }
            else if (ReferenceDirective().Match(line) is { Success: true } r)
            {
                var target = r.Groups["target"].Value.Trim();
                if (r.Groups["kind"].Value == "#i")
                {
                    if (!target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                        throw new UnsupportedCellException($"{at}: '#i' takes \"nuget: <source>\"; got \"{target}\".");
                    sources.Add(target[6..].Trim());
                }
                else if (target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                {
                    var parts = target[6..].Split(',', StringSplitOptions.TrimEntries);
                    if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                        throw new UnsupportedCellException(
                            $"{at}: '#r \"{target}\"' needs a pinned version, as in #r \"nuget: Humanizer.Core, 2.14.1\", so the notebook runs the same everywhere.");
                    packages.Add(new PackageRequest(parts[0], parts[1], i + 1));
                }
                else
                {
                    paths.Add(target);
                }
                lines[i] = "";
            }
        }
        return new CellDirectives(string.Join('\n', lines), packages, paths, sources);
    }

    [GeneratedRegex("""^(?<kind>#r|#i)\s+"(?<target>[^"]*)"\s*$""")]
    private static partial Regex ReferenceDirective();
}
