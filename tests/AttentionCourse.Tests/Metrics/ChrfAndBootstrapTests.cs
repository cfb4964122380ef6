using AttentionCourse.Metrics;

namespace AttentionCourse.Tests.Metrics;

public class ChrfAndBootstrapTests
{
    [Fact]
    public void Chrf_matches_a_hand_computation_and_is_100_for_identical_text()
    {
        // n = 1: P = 2/2, R = 2/3; n = 2: P = 1/1, R = 1/2. chrP = 1, chrR = 7/12, F2 = 5 · 7/12 / (4 + 7/12) = 7/11.
        Assert.Equal(100 * 7 / 11.0, Chrf.Corpus(["a b"], ["abc"], max_n: 2), 10);
        Assert.Equal(100.0, Chrf.Corpus(["el que", "dijo"], ["el que", "dijo"]), 10);
        Assert.Equal(0.0, Chrf.Corpus(["xyz"], ["abc"]), 10);
    }

    static IReadOnlyList<string>[] Split(params string[] sentences) => sentences.Select(s => (IReadOnlyList<string>)s.Split(' ')).ToArray();

    [Fact]
    public void A_corpus_of_one_repeated_sentence_has_no_spread_and_equals_corpus_bleu()
    {
        var refs = Split(Enumerable.Repeat("the quick brown fox jumps over it", 20).ToArray());
        var hyps = Split(Enumerable.Repeat("the quick brown fox jumped over it", 20).ToArray());
        var interval = BleuBootstrap.Interval(hyps, refs, samples: 200);
        var score = Bleu.Corpus(hyps, refs).Score;
        Assert.True(score > 0);
        Assert.Equal(score, interval.Low, 12);
        Assert.Equal(score, interval.High, 12);
        Assert.True(double.IsNaN(interval.ShareBetter));
    }

    [Fact]
    public void The_paired_comparison_counts_wins_on_the_same_resamples()
    {
        var refs = Split("a b c d e f", "g h i j k l", "m n o p q r", "s t u v w x");
        var good = Split("a b c d e f", "g h i j k l", "m n o p q x", "s t u v w y");
        var bad = Split("a b c z z z", "g h z z z z", "m n o z z z", "s t u z z z");
        Assert.Equal(1.0, BleuBootstrap.Interval(good, refs, other: bad, samples: 300).ShareBetter);
        Assert.Equal(0.0, BleuBootstrap.Interval(good, refs, other: good, samples: 300).ShareBetter);
        var interval = BleuBootstrap.Interval(good, refs, samples: 300);
        Assert.InRange(Bleu.Corpus(good, refs).Score, interval.Low, interval.High);
        Assert.True(interval.Low < interval.High);
    }
}
