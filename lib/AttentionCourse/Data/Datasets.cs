using System.Security.Cryptography;

namespace AttentionCourse.Data;

/// <summary>
/// Finds and verifies the files shipped in the repository's <c>datasets/</c> folder. Every dataset folder has a
/// <c>SHA256SUMS</c> manifest (lines "&lt;sha256&gt;  &lt;file&gt;", as <c>sha256sum</c> writes them); a file is read only
/// after its SHA-256 matches. Nothing is ever downloaded. Used from chapter 08 on.
/// </summary>
public static class Datasets
{
    /// <summary>The manifest's file name in every dataset folder.</summary>
    public const string Manifest = "SHA256SUMS";

    /// <summary>
    /// The <c>datasets/</c> folder: the first one found walking up from the current directory, then from this
    /// library's own location (<c>lib/bin/</c> in the repository), that holds a <c>README.md</c>.
    /// </summary>
    /// <exception cref="DatasetException">No such folder above either starting point.</exception>
    public static string Root
    {
        get
        {
            foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory, Path.GetDirectoryName(typeof(Datasets).Assembly.Location) })
            {
                for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    var candidate = Path.Combine(dir.FullName, "datasets");
                    if (File.Exists(Path.Combine(candidate, "README.md"))) return candidate;
                }
            }
            throw new DatasetException($"No datasets/ folder (with a README.md) above {Environment.CurrentDirectory}. Run the notebooks from the course repository.");
        }
    }

    /// <summary>Reads a dataset's manifest: file name -> lower-case hex SHA-256.</summary>
    /// <param name="folder">The dataset's folder.</param>
    /// <exception cref="DatasetException">The manifest is missing or has a malformed line.</exception>
    public static IReadOnlyDictionary<string, string> ReadManifest(string folder)
    {
        var path = Path.Combine(folder, Manifest);
        if (!File.Exists(path)) throw new DatasetException($"The checksum manifest {path} is missing.");
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(path).Where(l => l.Length > 0))
        {
            var parts = line.Split("  ", 2);
            if (parts.Length != 2 || parts[0].Length != 64 || !parts[0].All(Uri.IsHexDigit))
                throw new DatasetException($"{path}: malformed line '{line}' (expected '<64 hex digits>  <file name>').");
            entries[parts[1]] = parts[0].ToLowerInvariant();
        }
        return entries;
    }

    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    /// <param name="path">The file.</param>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Returns the full path of <paramref name="file"/> in the dataset folder <paramref name="folder"/> after checking
    /// that the manifest lists it, that it exists, and that its SHA-256 matches.
    /// </summary>
    /// <param name="folder">The dataset's folder (e.g. <c>Path.Combine(Datasets.Root, "bible-en-es")</c>).</param>
    /// <param name="file">The file name as the manifest writes it.</param>
    /// <exception cref="DatasetException">Not in the manifest, missing, or corrupt; the message names the file and the expected checksum.</exception>
    public static string Verified(string folder, string file)
    {
        var manifest = ReadManifest(folder);
        if (!manifest.TryGetValue(file, out var expected))
            throw new DatasetException($"{file} is not listed in {Path.Combine(folder, Manifest)}.");
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
            throw new DatasetException($"Dataset file {path} is missing (expected SHA-256 {expected}). Restore it with git (git checkout -- datasets) or rerun the dataset's extraction script.");
        var actual = Sha256(path);
        if (actual != expected)
            throw new DatasetException($"Dataset file {path} is corrupt: its SHA-256 is {actual}, expected {expected}. Restore it with git (git checkout -- datasets) or rerun the dataset's extraction script.");
        return path;
    }
}
