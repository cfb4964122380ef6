using System.Text.RegularExpressions;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Text;

/// <summary>
/// A word-level vocabulary: id 0 is <c>&lt;pad&gt;</c>, id 1 is <c>&lt;unk&gt;</c> (any word not kept), then the kept
/// words by decreasing frequency (ties in ordinal order, so the ids are the same on every machine).
/// Used in chapter 09.
/// </summary>
public sealed partial class WordVocabulary
{
    /// <summary>Padding id.</summary>
    public const long PAD = 0;
    /// <summary>Unknown-word id.</summary>
    public const long UNK = 1;

    readonly Dictionary<string, long> _ids;

    /// <summary>The words by id: index 0 "&lt;pad&gt;", 1 "&lt;unk&gt;", then the kept words.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Number of ids, specials included.</summary>
    public long Count => Words.Count;

    WordVocabulary(List<string> words)
    {
        Words = words;
        _ids = words.Select((w, i) => (w, (long)i)).ToDictionary(p => p.w, p => p.Item2, StringComparer.Ordinal);
    }

    /// <summary>Keeps the <paramref name="max_words"/> most frequent words of <paramref name="sentences"/> that occur at least <paramref name="min_count"/> times.</summary>
    /// <param name="sentences">Tokenised sentences.</param>
    /// <param name="max_words">Most words kept (specials not counted); default unlimited.</param>
    /// <param name="min_count">Fewest occurrences for a word to be kept; default 1.</param>
    public static WordVocabulary Build(IEnumerable<IReadOnlyList<string>> sentences, int max_words = int.MaxValue, int min_count = 1)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var s in sentences)
            foreach (var w in s) counts[w] = counts.GetValueOrDefault(w) + 1;
        var kept = counts.Where(p => p.Value >= min_count)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(max_words).Select(p => p.Key);
        return new WordVocabulary(["<pad>", "<unk>", .. kept]);
    }

    /// <summary>A vocabulary holding exactly <paramref name="words"/> in this order after the two specials.</summary>
    /// <param name="words">Distinct words.</param>
    public static WordVocabulary FromWords(IEnumerable<string> words) => new(["<pad>", "<unk>", .. words]);

    /// <summary>The id of a word, or <see cref="UNK"/>.</summary>
    public long this[string word] => _ids.TryGetValue(word, out var id) ? id : UNK;

    /// <summary>
    /// Encodes sentences as right-padded ids, cutting each at <paramref name="max_len"/> words.
    /// </summary>
    /// <param name="sentences">N tokenised sentences.</param>
    /// <param name="max_len">Longest kept length L; the tensor width is min(L, longest sentence).</param>
    /// <returns>ids (N, T) int64 and mask (N, T) bool, true = a real word.</returns>
    public (Tensor ids, Tensor mask) Encode(IReadOnlyList<IReadOnlyList<string>> sentences, int max_len)
    {
        int width = Math.Max(1, Math.Min(max_len, sentences.Count == 0 ? 1 : sentences.Max(s => s.Count)));
        var data = new long[sentences.Count * width];
        for (int n = 0; n < sentences.Count; n++)
            for (int t = 0; t < Math.Min(width, sentences[n].Count); t++)
                data[n * width + t] = this[sentences[n][t]];
        var ids = tensor(data).reshape(sentences.Count, width);                    // (N, T)
        return (ids, ids.ne(PAD));
    }

    /// <summary>
    /// Lower-cases and splits a sentence into words: runs of letters (with inner apostrophes) and single
    /// punctuation marks among , ; : ! ? are words; everything else separates them.
    /// </summary>
    /// <param name="sentence">Raw text.</param>
    public static string[] Tokenize(string sentence) =>
        WordPattern().Matches(sentence.ToLowerInvariant()).Select(m => m.Value).ToArray();

    [GeneratedRegex(@"[a-z]+(?:'[a-z]+)*|[,;:!?]")]
    private static partial Regex WordPattern();
}
