using AttentionCourse.Tasks;

namespace AttentionCourse.Tests.Tasks;

public class NegationSentimentTests
{
    [Fact]
    public void Same_seed_gives_the_same_sentences_and_another_seed_differs()
    {
        var a = NegationSentiment.Generate(50, seed: 3);
        var b = NegationSentiment.Generate(50, seed: 3);
        var c = NegationSentiment.Generate(50, seed: 4);
        Assert.Equal(a.Select(e => string.Join(' ', e.Words)), b.Select(e => string.Join(' ', e.Words)));
        Assert.NotEqual(a.Select(e => string.Join(' ', e.Words)), c.Select(e => string.Join(' ', e.Words)));
    }

    [Fact]
    public void Gold_positions_hold_the_one_polar_word_and_its_negator_and_the_label_is_their_xor()
    {
        var polar = NegationSentiment.Positive.Concat(NegationSentiment.Negative).ToHashSet();
        foreach (var e in NegationSentiment.Generate(2000, seed: 5))
        {
            Assert.Single(e.Words, w => polar.Contains(w));
            Assert.Contains(e.Words[e.PolarIndex], polar);
            bool positive = NegationSentiment.Positive.Contains(e.Words[e.PolarIndex]);
            bool negated = e.NegatorIndex >= 0;
            if (negated)
            {
                Assert.Equal(e.PolarIndex - 1, e.NegatorIndex);
                Assert.Contains(e.Words[e.NegatorIndex], NegationSentiment.Negators);
            }
            else Assert.DoesNotContain(e.Words[e.PolarIndex - 1], NegationSentiment.Negators);
            Assert.Equal(positive ^ negated ? 1 : 0, e.Label);
            if (e.DistractorIndex >= 0)
            {
                Assert.Contains(e.Words[e.DistractorIndex], NegationSentiment.Negators);
                Assert.Contains(e.Words[e.DistractorIndex + 1], NegationSentiment.Neutral);
            }
        }
    }

    [Fact]
    public void Labels_negations_and_distractors_are_balanced_enough_to_matter()
    {
        var all = NegationSentiment.Generate(3000, seed: 6);
        Assert.InRange(all.Average(e => e.Label), 0.45, 0.55);
        Assert.InRange(all.Average(e => e.NegatorIndex >= 0 ? 1.0 : 0.0), 0.45, 0.55);
        Assert.InRange(all.Average(e => e.DistractorIndex >= 0 ? 1.0 : 0.0), 0.25, 0.4);
    }

    [Fact]
    public void Without_no_opinion_sentences_the_two_class_sentences_are_unchanged()
    {
        // The first sentence of seed 1, as chapter 09 prints it; pins that the no_opinion option draws nothing when it is 0.
        var e = NegationSentiment.Generate(1, seed: 1)[0];
        Assert.Equal("was hardly terrible book thought story scene was", string.Join(' ', e.Words));
        Assert.Equal((1, 2, 1), (e.Label, e.PolarIndex, e.NegatorIndex));
    }

    [Fact]
    public void No_opinion_sentences_have_no_polar_word_and_the_third_label()
    {
        var polar = NegationSentiment.Positive.Concat(NegationSentiment.Negative).ToHashSet();
        var all = NegationSentiment.Generate(3000, seed: 7, no_opinion: 0.25);
        var none = all.Where(e => e.Label == NegationSentiment.NoOpinion).ToList();
        Assert.InRange(none.Count / 3000.0, 0.22, 0.28);
        foreach (var e in none)
        {
            Assert.DoesNotContain(e.Words, w => polar.Contains(w));
            Assert.Equal((-1, -1), (e.PolarIndex, e.NegatorIndex));
            if (e.DistractorIndex >= 0)
            {
                Assert.Contains(e.Words[e.DistractorIndex], NegationSentiment.Negators);
                Assert.Contains(e.Words[e.DistractorIndex + 1], NegationSentiment.Neutral);
            }
        }
        Assert.InRange(none.Average(e => e.DistractorIndex >= 0 ? 1.0 : 0.0), 0.25, 0.4);
        var opinions = all.Where(e => e.Label != NegationSentiment.NoOpinion).ToList();
        Assert.All(opinions, e => Assert.Single(e.Words, w => polar.Contains(w)));
        Assert.InRange(opinions.Average(e => e.Label), 0.45, 0.55);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    public void A_no_opinion_fraction_outside_0_to_1_is_refused(double fraction)
    {
        Assert.Throws<ArgumentException>(() => NegationSentiment.Generate(10, seed: 0, no_opinion: fraction));
    }

    [Fact]
    public void Word_groups_list_every_word_once()
    {
        var grouped = NegationSentiment.WordGroups.SelectMany(g => g.Words).ToList();
        Assert.Equal(NegationSentiment.AllWords.Order(StringComparer.Ordinal), grouped.Order(StringComparer.Ordinal));
        Assert.Equal(grouped.Count, grouped.Distinct().Count());
    }

    [Fact]
    public void Where_argmax_falls_counts_gold_polar_and_distractor_over_sentences_with_an_opinion()
    {
        string[] w = ["a", "b", "c", "d", "e"];
        SentimentExample[] examples =
        [
            new(w, 0, PolarIndex: 3, NegatorIndex: 2, DistractorIndex: 0),   // argmax 2: the negator, gold
            new(w, 1, PolarIndex: 1, NegatorIndex: -1, DistractorIndex: 3),  // argmax 1: the polar word, gold
            new(w, 1, PolarIndex: 4, NegatorIndex: -1, DistractorIndex: 0),  // argmax 0: a distractor, missed
            new(w, 0, PolarIndex: 2, NegatorIndex: 1, DistractorIndex: -1),  // argmax 4: filler, missed
            new(w, NegationSentiment.NoOpinion, -1, -1, -1),                  // no gold word: not counted
        ];
        float[][] weights =
        [
            [0.1f, 0.2f, 0.4f, 0.2f, 0.1f],
            [0.1f, 0.5f, 0.1f, 0.2f, 0.1f],
            [0.6f, 0.1f, 0.1f, 0.1f, 0.1f],
            [0.1f, 0.1f, 0.1f, 0.1f, 0.6f],
            [0.2f, 0.2f, 0.2f, 0.2f, 0.2f],
        ];
        Assert.Equal(new ArgmaxOnGold(4, 0.5, 0.25, 0.25), NegationSentiment.WhereArgmaxFalls(examples, weights));
    }
}
