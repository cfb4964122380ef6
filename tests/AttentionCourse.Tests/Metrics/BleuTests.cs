using AttentionCourse.Metrics;

namespace AttentionCourse.Tests.Metrics;

public class BleuTests
{
    static IReadOnlyList<string> W(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void A_perfect_match_scores_one()
    {
        var s = Bleu.Corpus([W("the cat sat on the mat"), W("a b c d")], [W("the cat sat on the mat"), W("a b c d")]);
        Assert.Equal(1.0, s.Score, 12);
        Assert.Equal(1.0, s.BrevityPenalty);
    }

    [Fact]
    public void No_four_gram_overlap_scores_zero_without_smoothing()
    {
        var s = Bleu.Corpus([W("the cat the mat")], [W("the cat sat on the mat")]);
        Assert.Equal(0.0, s.Precisions[3]);
        Assert.Equal(0.0, s.Score);
        Assert.True(s.Precisions[0] > 0);
    }

    [Fact]
    public void Papineni_clipping_example_gives_two_sevenths()
    {
        // Papineni et al. 2002, section 2.1: "the the the the the the the" against "The cat is on the mat" -> 2/7.
        var s = Bleu.Corpus([W("the the the the the the the")], [W("the cat is on the mat")], max_n: 1);
        Assert.Equal(2.0 / 7, s.Precisions[0], 12);
    }

    [Fact]
    public void Hand_computed_short_hypothesis_gets_precisions_and_brevity_penalty()
    {
        // hyp "the cat sat on mat" (c = 5) vs ref "the cat sat on the mat" (r = 6):
        // 1-grams 5/5, 2-grams 3/4 (the cat, cat sat, sat on; not "on mat"), 3-grams 2/3, 4-grams 1/2.
        var s = Bleu.Corpus([W("the cat sat on mat")], [W("the cat sat on the mat")]);
        Assert.Equal([1.0, 0.75, 2.0 / 3, 0.5], s.Precisions, new Tol(1e-12));
        Assert.Equal(Math.Exp(1 - 6.0 / 5), s.BrevityPenalty, 12);
        var expected = Math.Exp(1 - 6.0 / 5) * Math.Pow(1.0 * 0.75 * (2.0 / 3) * 0.5, 0.25);
        Assert.Equal(expected, s.Score, 12);
        Assert.Equal(0.5789, s.Score, 4);                                               // 0.8187 * 0.25^(1/4) = 0.8187 * 0.7071
    }

    [Fact]
    public void Counts_are_summed_over_the_corpus_before_dividing()
    {
        // Sentence 1: perfect 4 tokens (4/4, 3/3, 2/2, 1/1). Sentence 2: "x y" vs "a b" (0/2, 0/1, none, none).
        // Corpus: p1 = 4/6, p2 = 3/4, p3 = 2/2, p4 = 1/1; c = r = 6, BP = 1.
        var s = Bleu.Corpus([W("a b c d"), W("x y")], [W("a b c d"), W("a b")]);
        Assert.Equal([4.0 / 6, 0.75, 1.0, 1.0], s.Precisions, new Tol(1e-12));
        Assert.Equal(Math.Pow(4.0 / 6 * 0.75, 0.25), s.Score, 12);
    }

    [Fact]
    public void A_longer_hypothesis_has_no_brevity_penalty_and_an_empty_one_scores_zero()
    {
        Assert.Equal(1.0, Bleu.Corpus([W("a b c d e")], [W("a b c d")]).BrevityPenalty);
        Assert.Equal(0.0, Bleu.Corpus([W("")], [W("a b c d")]).Score);
    }

    sealed class Tol(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tol;
        public int GetHashCode(double obj) => 0;
    }
}
