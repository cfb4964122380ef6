namespace AttentionCourse.Data;

/// <summary>One aligned verse: its key ("Genesis 1:1"), the English and the Spanish text.</summary>
/// <param name="Key">Book, chapter and verse as SWORD names them.</param>
/// <param name="English">Text derived from the World English Bible.</param>
/// <param name="Spanish">Text of the Reina-Valera 1909.</param>
public sealed record VersePair(string Key, string English, string Spanish);

/// <summary>
/// The shipped English-Spanish verse pairs (<c>datasets/bible-en-es/verses.tsv</c>): verses of at most 15 words per
/// side, derived from the World English Bible and the Reina-Valera 1909 (both public domain), extracted from
/// Debian's SWORD modules by <c>datasets/bible-en-es/extract.py</c>. Used in chapter 08.
/// </summary>
public static class BibleEnEs
{
    /// <summary>The dataset's folder name under <c>datasets/</c>.</summary>
    public const string Folder = "bible-en-es";
    /// <summary>The data file's name.</summary>
    public const string File = "verses.tsv";

    /// <summary>Loads every pair in canonical order after verifying the file's SHA-256.</summary>
    /// <param name="datasetsRoot">The <c>datasets/</c> folder; default <see cref="Datasets.Root"/>.</param>
    /// <exception cref="DatasetException">The file is missing, corrupt, or has a line without three tab-separated fields.</exception>
    public static IReadOnlyList<VersePair> Load(string? datasetsRoot = null)
    {
        var path = Datasets.Verified(Path.Combine(datasetsRoot ?? Datasets.Root, Folder), File);
        var pairs = new List<VersePair>();
        var number = 0;
        foreach (var line in System.IO.File.ReadLines(path))
        {
            number++;
            var fields = line.Split('\t');
            if (fields.Length != 3) throw new DatasetException($"{path}, line {number}: expected 3 tab-separated fields, found {fields.Length}.");
            pairs.Add(new VersePair(fields[0], fields[1], fields[2]));
        }
        return pairs;
    }
}
