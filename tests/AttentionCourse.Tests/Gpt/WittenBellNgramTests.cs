using AttentionCourse.Gpt;
using CsCheck;

namespace AttentionCourse.Tests.Gpt;

public class WittenBellNgramTests
{
    [Fact]
    public void Every_conditional_distribution_sums_to_one_and_is_never_zero()
    {
        Gen.Int[0, 4].Select(i => (long)i).Array[1, 60].Select(Gen.Int[1, 5], Gen.Int[0, 4].Select(i => (long)i).Array[0, 6])
            .Sample((train, order, context) =>
            {
                var model = new WittenBellNgram(train, vocab: 5, order);
                var probabilities = Enumerable.Range(0, 5).Select(c => model.Probability(context, c)).ToArray();
                Assert.Equal(1.0, probabilities.Sum(), 12);
                Assert.All(probabilities, p => Assert.True(p > 0));
            });
    }

    [Fact]
    public void A_bigram_matches_the_formula_worked_by_hand()
    {
        // train "abab" (a = 0, b = 1, c = 2), V = 3.
        // Unigram: C = 4, N1+ = 2, P(a) = (2 + 2/3) / 6 = 4/9, P(c) = (0 + 2/3) / 6 = 1/9.
        // After a: C(a) = 2, N1+(a •) = 1 (only b), P(b | a) = (2 + 1 · P(b)) / 3 with P(b) = 4/9, so 22/27.
        // After c: never seen, P(a | c) = P(a) = 4/9.
        var model = new WittenBellNgram([0, 1, 0, 1], vocab: 3, order: 2);
        Assert.Equal(4 / 9.0, model.Probability([], 0), 12);
        Assert.Equal(1 / 9.0, model.Probability([], 2), 12);
        Assert.Equal(22 / 27.0, model.Probability([0], 1), 12);
        Assert.Equal(4 / 9.0, model.Probability([2], 0), 12);
        // Nats of "ab": first id uses the empty context, the second the context a.
        Assert.Equal(-(Math.Log(4 / 9.0) + Math.Log(22 / 27.0)) / 2, model.Nats([0, 1]), 12);
    }

    [Fact]
    public void Higher_orders_predict_a_repetitive_text_better()
    {
        var text = Enumerable.Range(0, 600).Select(i => (long)"the cat sat on the mat. "[i % 24] % 20).ToList();
        double bigram = new WittenBellNgram(text[..480], 20, 2).Nats(text[480..]);
        double fivegram = new WittenBellNgram(text[..480], 20, 5).Nats(text[480..]);
        Assert.True(fivegram < bigram / 3, $"5-gram {fivegram:F3} nats against bigram {bigram:F3}");
    }
}
