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
}
