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
    /// Reads a UTF-8 file under <paramref name="datasets"/> after <see cref="Datasets.Verified"/> has checked it
    /// against its folder's <c>SHA256SUMS</c> manifest.
    /// </summary>
    /// <param name="datasets">The datasets folder.</param>
    /// <param name="relativePath">Folder and file, e.g. "pride-and-prejudice/pride-and-prejudice.txt".</param>
    /// <exception cref="DatasetException">Missing, unlisted or corrupt; the message names the file and the expected SHA-256.</exception>
    public static string ReadVerified(string datasets, string relativePath)
    {
        var folder = Path.Combine(datasets, Path.GetDirectoryName(relativePath)!);
        return File.ReadAllText(Datasets.Verified(folder, Path.GetFileName(relativePath)), Encoding.UTF8);
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
