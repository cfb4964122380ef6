using AttentionCourse.Data;

namespace AttentionCourse.Translation;

/// <summary>
/// The chapter-08 split of the English-Spanish verses: first drop every pair whose tokenised English or tokenised
/// Spanish already occurred in an earlier pair (so no test verse has its English or its Spanish in training), then
/// shuffle the kept pairs with <c>Random(seed)</c>: the first 300 are the test set, the next 300 the validation set,
/// the rest training. Words are <see cref="WordTokenizer"/> tokens (lower-cased, punctuation split). Used in chapter 08.
/// </summary>
public sealed class VerseSplit
{
    /// <summary>Every pair of the corpus, duplicates included.</summary>
    public IReadOnlyList<VersePair> Pairs { get; }
    /// <summary>Indices into <see cref="Pairs"/> kept after deduplication, in corpus order.</summary>
    public int[] Kept { get; }
    /// <summary>Test verses (indices into <see cref="Pairs"/>).</summary>
    public int[] Test { get; }
    /// <summary>Validation verses (indices into Pairs).</summary>
    public int[] Valid { get; }
    /// <summary>Training verses (indices into Pairs).</summary>
    public int[] Train { get; }

    /// <summary>Deduplicates and splits <paramref name="pairs"/>.</summary>
    /// <param name="pairs">The corpus, e.g. <see cref="BibleEnEs.Load"/>.</param>
    /// <param name="seed">Seed of the shuffle; default 0.</param>
    /// <param name="test">Test verses; default 300.</param>
    /// <param name="valid">Validation verses; default 300.</param>
    public VerseSplit(IReadOnlyList<VersePair> pairs, int seed = 0, int test = 300, int valid = 300)
    {
        Pairs = pairs;
        Kept = Deduplicate(pairs);
        var order = Kept.ToArray();
        new Random(seed).Shuffle(order);
        Test = order[..test];
        Valid = order[test..(test + valid)];
        Train = order[(test + valid)..];
    }

    /// <summary>Indices of the pairs whose tokenised English and tokenised Spanish both occur for the first time.</summary>
    /// <param name="pairs">The corpus.</param>
    public static int[] Deduplicate(IReadOnlyList<VersePair> pairs)
    {
        var seenEnglish = new HashSet<string>(StringComparer.Ordinal);
        var seenSpanish = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<int>();
        for (int i = 0; i < pairs.Count; i++)
        {
            var en = string.Join(' ', WordTokenizer.Tokenize(pairs[i].English));
            var es = string.Join(' ', WordTokenizer.Tokenize(pairs[i].Spanish));
            bool newEnglish = seenEnglish.Add(en), newSpanish = seenSpanish.Add(es);
            if (newEnglish && newSpanish) kept.Add(i);
        }
        return kept.ToArray();
    }

    /// <summary>The English words of the given verses.</summary>
    /// <param name="indices">Indices into <see cref="Pairs"/>.</param>
    public string[][] English(IEnumerable<int> indices) => indices.Select(i => WordTokenizer.Tokenize(Pairs[i].English)).ToArray();

    /// <summary>The Spanish words of the given verses.</summary>
    /// <param name="indices">Indices into <see cref="Pairs"/>.</param>
    public string[][] Spanish(IEnumerable<int> indices) => indices.Select(i => WordTokenizer.Tokenize(Pairs[i].Spanish)).ToArray();
}
