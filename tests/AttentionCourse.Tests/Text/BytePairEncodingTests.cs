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
}
