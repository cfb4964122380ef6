using AttentionCourse.Text;

namespace AttentionCourse.Tests.Text;

public class BytePairEncodingTests
{
    static IEnumerable<string> Repeat(string word, int count) => Enumerable.Repeat(word, count);

    [Fact]
    public void Merges_follow_the_pair_counts_worked_by_hand()
    {
        // The word counts of Sennrich et al. (2016), §3.2: low 5, lowest 2, newer 6, wider 3; the marker sits on the last character.
        // Pairs: (e, r</w>) 9 -> then (l, o) 7 -> then (e, w), (n, e), (w, er</w>) tie at 6: the ordinally smallest, (e, w)
        // -> then (ew, er</w>) and (n, ew) tie at 6: (ew, er</w>).
        var words = Repeat("low", 5).Concat(Repeat("lowest", 2)).Concat(Repeat("newer", 6)).Concat(Repeat("wider", 3));
        var bpe = BytePairEncoding.Learn(words, merges: 4);
        Assert.Equal([("e", "r</w>"), ("l", "o"), ("e", "w"), ("ew", "er</w>")], bpe.Merges);
        Assert.Equal(["n", "ewer</w>"], bpe.Encode("newer"));
        Assert.Equal(["lo", "w", "e", "s", "t</w>"], bpe.Encode("lowest"));
        Assert.Equal(["lo", "w", "er</w>"], bpe.Encode("lower"));   // unseen: merges applied in the order learned
    }

    [Fact]
    public void Decoding_gives_back_every_word_including_ones_never_seen()
    {
        var bpe = BytePairEncoding.Learn("en el principio creó Dios los cielos y la tierra".Split(' '), merges: 20);
        string[] sentence = ["Jehová", "creó", "los", "cielos", "Zorobabel"];
        Assert.Equal(sentence, BytePairEncoding.Decode(bpe.Encode(sentence)));
        Assert.Equal(["los</w>"], bpe.Encode("los"));
        Assert.Equal(20, bpe.Merges.Count);
    }

    [Fact]
    public void Incremental_counting_learns_the_same_merges_as_recounting_every_word_after_each_merge()
    {
        // A reference written the slow way: after every merge, count every adjacent pair of every word again.
        var random = new Random(3);
        var words = Enumerable.Range(0, 600).Select(_ => new string(Enumerable.Range(0, random.Next(1, 8))
            .Select(_ => "aabbcdeé"[random.Next(8)]).ToArray())).ToList();
        var segmented = words.Distinct().Order(StringComparer.Ordinal)
            .Select(w => (Symbols: w.Select((c, i) => i == w.Length - 1 ? c + "</w>" : c.ToString()).ToList(), Count: words.Count(x => x == w))).ToList();
        var expected = new List<(string, string)>();
        for (int m = 0; m < 60; m++)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (s, c) in segmented)
                for (int i = 0; i + 1 < s.Count; i++) pairs[(s[i], s[i + 1])] = pairs.GetValueOrDefault((s[i], s[i + 1])) + c;
            if (pairs.Count == 0) break;
            var best = pairs.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal).First().Key;
            expected.Add(best);
            foreach (var (s, _) in segmented)
                for (int i = 0; i + 1 < s.Count; i++)
                    if (s[i] == best.Item1 && s[i + 1] == best.Item2) { s[i] += s[i + 1]; s.RemoveAt(i + 1); }
        }
        Assert.Equal(expected, BytePairEncoding.Learn(words, merges: 60).Merges);
    }
}
