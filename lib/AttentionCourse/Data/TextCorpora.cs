using System.Security.Cryptography;
using System.Text;

namespace AttentionCourse.Data;

/// <summary>One sentence of the authorship corpus and who wrote it.</summary>
/// <param name="Text">The sentence as written.</param>
/// <param name="Author">Index into <see cref="TextCorpora.Authors"/>.</param>
public sealed record AuthoredSentence(string Text, int Author);

/// <summary>
/// Loads the public-domain texts that chapters 09 and 10 ship in <c>datasets/</c>, checking every file's SHA-256
/// against the value pinned here (the same values as each folder's <c>SHA256SUMS</c>), so that a missing, truncated
/// or edited file fails loudly instead of silently changing a chapter's results.
/// </summary>
public static class TextCorpora
{
    /// <summary>The authors of <see cref="Authorship"/>, in label order.</summary>
    public static readonly IReadOnlyList<string> Authors = ["Austen", "Melville", "State of the Union"];

    /// <summary>Pinned SHA-256 of each shipped file, by path relative to the datasets folder.</summary>
    public static readonly IReadOnlyDictionary<string, string> Checksums = new Dictionary<string, string>
    {
        ["austen-melville-sotu/austen.txt"] = "8d1685bc1562a4e8c7feb23e49ccf68838383212d4a53e2784806e3b86f51627",
        ["austen-melville-sotu/melville.txt"] = "5fe33f354918e80bd118c746876ebc2339cc9aabe37f590bfc924c38435826f4",
        ["austen-melville-sotu/sotu.txt"] = "f55dd775e972957eb0b256cfcc20eaeb4b34d763630f1a0c1473aec03599f63c",
        ["pride-and-prejudice/pride-and-prejudice.txt"] = "dfc684d4f857fa938268f9ab9c5567b64bd0691251eca959644adeabe6287a4d",
    };

    /// <summary>
    /// The authorship corpus: 3,000 sentences each by Jane Austen (her six novels), Herman Melville (Moby Dick) and
    /// US presidents (State of the Union addresses), in file order, labelled 0, 1, 2. Used in chapter 09.
    /// </summary>
    /// <param name="datasets">The repository's datasets folder, e.g. "../datasets" from a notebook.</param>
    public static List<AuthoredSentence> Authorship(string datasets)
    {
        string[] files = ["austen-melville-sotu/austen.txt", "austen-melville-sotu/melville.txt", "austen-melville-sotu/sotu.txt"];
        var sentences = new List<AuthoredSentence>();
        for (int author = 0; author < files.Length; author++)
            foreach (var line in ReadVerified(datasets, files[author]).Split('\n'))
                if (line.Length > 0) sentences.Add(new AuthoredSentence(line, author));
        return sentences;
    }

    /// <summary>The full text of Pride and Prejudice (Jane Austen, 1813) as janeaustenr ships it, lines joined by '\n'. Used in chapter 10.</summary>
    /// <param name="datasets">The repository's datasets folder, e.g. "../datasets".</param>
    public static string PrideAndPrejudice(string datasets) => ReadVerified(datasets, "pride-and-prejudice/pride-and-prejudice.txt");

    /// <summary>
    /// Reads a UTF-8 file under <paramref name="datasets"/> after checking its SHA-256 against <see cref="Checksums"/>.
    /// </summary>
    /// <param name="datasets">The datasets folder.</param>
    /// <param name="relativePath">A key of <see cref="Checksums"/>, e.g. "pride-and-prejudice/pride-and-prejudice.txt".</param>
    /// <exception cref="FileNotFoundException">The file is missing; the message names it and its expected SHA-256.</exception>
    /// <exception cref="InvalidDataException">The file's SHA-256 differs; the message names both values.</exception>
    public static string ReadVerified(string datasets, string relativePath)
    {
        if (!Checksums.TryGetValue(relativePath, out var expected))
            throw new ArgumentException($"No pinned checksum for '{relativePath}'.", nameof(relativePath));
        return Encoding.UTF8.GetString(ReadBytesVerified(Path.Combine(datasets, relativePath), expected));
    }

    /// <summary>Reads a file's bytes after checking that its SHA-256 is <paramref name="expectedSha256"/> (lower-case hex).</summary>
    /// <param name="path">The file.</param>
    /// <param name="expectedSha256">Expected SHA-256, 64 hex digits.</param>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="InvalidDataException">The checksum differs.</exception>
    public static byte[] ReadBytesVerified(string path, string expectedSha256)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException(
                $"Dataset file '{full}' is missing (expected SHA-256 {expectedSha256}). It ships with the repository in datasets/; " +
                "restore it with `git checkout -- datasets` or rebuild it with the script in its folder.", full);
        var bytes = File.ReadAllBytes(full);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException(
                $"Dataset file '{full}' is corrupt or changed: SHA-256 {actual}, expected {expectedSha256}. " +
                "Restore it with `git checkout -- datasets` or rebuild it with the script in its folder.");
        return bytes;
    }

    /// <summary>
    /// Splits items into a training and a test part after a seeded shuffle (System.Random(seed), Fisher-Yates).
    /// </summary>
    /// <typeparam name="T">Item type.</typeparam>
    /// <param name="items">All items.</param>
    /// <param name="test_fraction">Fraction kept for the test part, in (0, 1).</param>
    /// <param name="seed">Shuffle seed.</param>
    public static (List<T> train, List<T> test) Split<T>(IReadOnlyList<T> items, double test_fraction, int seed)
    {
        var shuffled = items.ToList();
        var random = new Random(seed);
        for (int i = shuffled.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }
        int testCount = (int)Math.Round(shuffled.Count * test_fraction);
        return (shuffled.Skip(testCount).ToList(), shuffled.Take(testCount).ToList());
    }
}
