using AttentionCourse.Text;
using AttentionCourse.Gpt;

namespace AttentionCourse.Tests.Gpt;

public class NgramBaselinesTests
{
    [Fact]
    public void Unigram_nats_match_a_hand_computed_laplace_estimate()
    {
        // train "aab" over V = 3: p(a) = 3/6, p(b) = 2/6, p(c) = 1/6; validation "ac".
        var nats = NgramBaselines.UnigramNats([0, 0, 1], [0, 2], 3);
        Assert.Equal(-(Math.Log(3.0 / 6) + Math.Log(1.0 / 6)) / 2, nats, 12);
    }

    [Fact]
    public void Bigram_nats_match_a_hand_computed_laplace_estimate()
    {
        // train "abab": n(a,b) = 2, n(b,a) = 1, rows n(a,.) = 2, n(b,.) = 1; V = 2. validation "aba":
        // p(b|a) = 3/4, p(a|b) = 2/3.
        var nats = NgramBaselines.BigramNats([0, 1, 0, 1], [0, 1, 0], 2);
        Assert.Equal(-(Math.Log(3.0 / 4) + Math.Log(2.0 / 3)) / 2, nats, 12);
    }

    [Fact]
    public void Char_vocabulary_round_trips_and_labels_whitespace()
    {
        var v = new CharVocabulary("hello world\n");
        Assert.Equal("low\n", v.Decode(v.Encode("low\n")));
        Assert.Equal(['\n', ' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w'], v.Chars);
        Assert.Equal("␣", CharVocabulary.Label(' '));
        Assert.Throws<ArgumentException>(() => v.Encode("z"));
    }
}
