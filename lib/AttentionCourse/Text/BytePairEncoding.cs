namespace AttentionCourse.Text;

/// <summary>
/// Byte-pair encoding for words (Sennrich, Haddow &amp; Birch 2016, algorithm 1): start from characters with an
/// end-of-word marker, and repeatedly merge the most frequent adjacent pair of symbols into one new symbol. Frequent words
/// end up as one symbol, rare words and names as a few pieces, and no word is ever unknown: its characters are always
/// there. Ties between equally frequent pairs go to the ordinally smallest pair, so the merges are the same on every
/// machine. Used in chapter 08.
/// </summary>
public sealed class BytePairEncoding
{
    /// <summary>The marker that ends every word, so "es" inside a word and "es" at its end are different symbols.</summary>
    public const string EndOfWord = "</w>";

    readonly Dictionary<(string, string), int> rank = [];
    readonly Dictionary<string, string[]> cache = new(StringComparer.Ordinal);

    /// <summary>The merges in the order they were learned.</summary>
    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    BytePairEncoding(IReadOnlyList<(string, string)> merges)
    {
        Merges = merges;
        for (int i = 0; i < merges.Count; i++) rank[merges[i]] = i;
    }

    /// <summary>Learns <paramref name="merges"/> merges from words and their counts.</summary>
    /// <param name="words">Every word of the training text, repeated as often as it occurs (or once each with counts summed by the caller).</param>
    /// <param name="merges">How many merges to learn (the vocabulary grows by about one symbol per merge); fewer when no pair is left.</param>
    public static BytePairEncoding Learn(IEnumerable<string> words, int merges)
    {
        var counts = words.GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var segmented = counts.Keys.Order(StringComparer.Ordinal).Select(w => (Symbols: Characters(w), Count: counts[w])).ToList();
        // Pair counts are kept up to date incrementally: a merge only re-counts the words that contain the merged pair
        // (the same counts as re-counting every word after each merge, in a fraction of the time).
        var pairs = new Dictionary<(string, string), int>();
        var containing = new Dictionary<(string, string), HashSet<int>>();
        for (int w = 0; w < segmented.Count; w++) Count(w, +1);
        var learned = new List<(string, string)>();
        for (int m = 0; m < merges; m++)
        {
            (string, string)? best = null;
            int bestCount = 0;
            foreach (var (pair, count) in pairs)
                if (count > bestCount || count == bestCount && best is { } b && Before(pair, b)) (best, bestCount) = (pair, count);
            if (best is not { } chosen) break;
            learned.Add(chosen);
            foreach (var w in containing[chosen].ToArray())
            {
                Count(w, -1);
                Merge(segmented[w].Symbols, chosen);
                Count(w, +1);
            }
        }
        return new BytePairEncoding(learned);

        void Count(int w, int sign)
        {
            var (symbols, count) = segmented[w];
            for (int i = 0; i + 1 < symbols.Count; i++)
            {
                var pair = (symbols[i], symbols[i + 1]);
                var total = pairs.GetValueOrDefault(pair) + sign * count;
                if (total == 0) pairs.Remove(pair);
                else pairs[pair] = total;
                if (sign > 0)
                {
                    if (!containing.TryGetValue(pair, out var set)) containing[pair] = set = [];
                    set.Add(w);
                }
            }
        }

        static bool Before((string, string) a, (string, string) b)
        {
            var first = string.CompareOrdinal(a.Item1, b.Item1);
            return first < 0 || first == 0 && string.CompareOrdinal(a.Item2, b.Item2) < 0;
        }
    }

    /// <summary>The symbols of one word: its characters with the merges applied in the order they were learned.</summary>
    /// <param name="word">A word without spaces.</param>
    public string[] Encode(string word)
    {
        if (cache.TryGetValue(word, out var done)) return done;
        var symbols = Characters(word);
        while (true)
        {
            (string, string)? next = null;
            int nextRank = int.MaxValue;
            for (int i = 0; i + 1 < symbols.Count; i++)
                if (rank.TryGetValue((symbols[i], symbols[i + 1]), out var r) && r < nextRank) (next, nextRank) = ((symbols[i], symbols[i + 1]), r);
            if (next is not { } pair) break;
            Merge(symbols, pair);
        }
        return cache[word] = symbols.ToArray();
    }

    /// <summary>The symbols of every word of a tokenised sentence, in order.</summary>
    /// <param name="words">The words.</param>
    public IEnumerable<string> Encode(IEnumerable<string> words) => words.SelectMany(Encode);

    /// <summary>Joins symbols back into words: a symbol ending in <see cref="EndOfWord"/> ends a word.</summary>
    /// <param name="symbols">Symbols, e.g. a model's output.</param>
    public static List<string> Decode(IEnumerable<string> symbols)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var s in symbols)
        {
            if (s.EndsWith(EndOfWord, StringComparison.Ordinal))
            {
                words.Add(current.Append(s[..^EndOfWord.Length]).ToString());
                current.Clear();
            }
            else current.Append(s);
        }
        if (current.Length > 0) words.Add(current.ToString());   // an unfinished last word still counts
        return words;
    }

    static List<string> Characters(string word)
    {
        if (word.Length == 0) throw new ArgumentException("A word needs at least one character.", nameof(word));
        var symbols = word.Select(c => c.ToString()).ToList();
        symbols[^1] += EndOfWord;
        return symbols;
    }

    static void Merge(List<string> symbols, (string Left, string Right) pair)
    {
        for (int i = 0; i + 1 < symbols.Count; i++)
            if (symbols[i] == pair.Left && symbols[i + 1] == pair.Right)
            {
                symbols[i] = pair.Left + pair.Right;
                symbols.RemoveAt(i + 1);
            }
    }
}
