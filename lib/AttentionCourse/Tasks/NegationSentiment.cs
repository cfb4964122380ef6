namespace AttentionCourse.Tasks;

/// <summary>
/// One generated sentence of <see cref="NegationSentiment"/> with its gold answer.
/// </summary>
/// <param name="Words">The words, e.g. ["the", "plot", "was", "not", "good"].</param>
/// <param name="Label">1 = positive, 0 = negative: the polar word's polarity, flipped when it is negated;
/// 2 = no opinion (<see cref="NegationSentiment.NoOpinion"/>): the sentence has no polar word.</param>
/// <param name="PolarIndex">Position of the one polar word (the gold token), or -1 in a sentence with no opinion.</param>
/// <param name="NegatorIndex">Position of the negator right before it, or -1 when the polar word is not negated.</param>
/// <param name="DistractorIndex">Position of a negator that negates a neutral word instead, or -1 when there is none.</param>
public sealed record SentimentExample(string[] Words, int Label, int PolarIndex, int NegatorIndex, int DistractorIndex);

/// <summary>
/// Where the argmax of a model's per-word weights falls, over the sentences that have a polar word
/// (<see cref="NegationSentiment.WhereArgmaxFalls"/>).
/// </summary>
/// <param name="Sentences">Sentences with a polar word that were counted.</param>
/// <param name="OnGold">Fraction whose argmax is the polar word or the negator right before it.</param>
/// <param name="OnPolar">Fraction whose argmax is the polar word itself.</param>
/// <param name="OnDistractor">Fraction whose argmax is a distractor negator ("not" in "not long").</param>
public sealed record ArgmaxOnGold(int Sentences, double OnGold, double OnPolar, double OnDistractor);

/// <summary>
/// Seeded synthetic sentiment with negation (chapter 09). Every sentence holds exactly one polar word (good, awful …),
/// negated by the word right before it ("not good") half of the time, among neutral filler words; in a third of the
/// sentences a second negator negates a neutral word ("not long"), so the mere presence of "not" says nothing.
/// Label = polarity XOR negated. A bag of words cannot compute that XOR with a linear read-out; a model that looks at
/// the polar word and its left neighbour can. With <c>no_opinion</c> &gt; 0 that fraction of the sentences has no polar
/// word at all and the third label, <see cref="NoOpinion"/>: then "no positive word found" no longer implies "negative",
/// and a classifier has to find the negative words as well as the positive ones (chapter 09 measures why that matters
/// for attention pooling). Identical on every machine (System.Random(seed)).
/// </summary>
public static class NegationSentiment
{
    /// <summary>Positive polar words.</summary>
    public static readonly string[] Positive = ["good", "great", "excellent", "wonderful", "pleasant", "superb", "charming", "brilliant"];
    /// <summary>Negative polar words.</summary>
    public static readonly string[] Negative = ["bad", "awful", "terrible", "poor", "boring", "dreadful", "dull", "weak"];
    /// <summary>Negators; each one flips the polar word that follows it.</summary>
    public static readonly string[] Negators = ["not", "never", "hardly"];
    /// <summary>Neutral adjectives a distractor negator may negate.</summary>
    public static readonly string[] Neutral = ["long", "new", "short", "recent", "loud", "quiet", "french", "old"];
    /// <summary>Filler words with no sentiment.</summary>
    public static readonly string[] Filler =
        ["the", "film", "was", "plot", "acting", "really", "quite", "and", "it", "story", "i", "thought", "music",
         "ending", "this", "a", "seemed", "book", "cast", "felt", "overall", "very", "so", "rather", "scene", "of"];

    /// <summary>The label of a sentence with no polar word (the third class when <c>no_opinion</c> &gt; 0).</summary>
    public const int NoOpinion = 2;

    /// <summary>The word lists by role, in the order chapter 09 prints the pooling's scores: positive, negative, negators, neutral, filler.</summary>
    public static IReadOnlyList<(string Group, string[] Words)> WordGroups =>
        [("positive", Positive), ("negative", Negative), ("negators", Negators), ("neutral", Neutral), ("filler", Filler)];

    /// <summary>Every word the generator can emit, in a fixed order (for a fixed vocabulary).</summary>
    public static IReadOnlyList<string> AllWords => [.. Filler, .. Negators, .. Positive, .. Negative, .. Neutral];

    /// <summary>
    /// Generates <paramref name="count"/> sentences of <paramref name="min_len"/> to <paramref name="max_len"/> words.
    /// </summary>
    /// <param name="count">Number of sentences.</param>
    /// <param name="seed">Seed of the System.Random that draws everything.</param>
    /// <param name="min_len">Shortest sentence in words (at least 5); default 6.</param>
    /// <param name="max_len">Longest sentence in words; default 16.</param>
    /// <param name="no_opinion">Fraction of sentences, in expectation, with no polar word and label <see cref="NoOpinion"/>;
    /// default 0 (two classes). With 0 the sentences are the same as before this option existed.</param>
    public static List<SentimentExample> Generate(int count, int seed, int min_len = 6, int max_len = 16, double no_opinion = 0.0)
    {
        if (min_len < 5 || max_len < min_len) throw new ArgumentException("Need 5 <= min_len <= max_len.");
        if (no_opinion is < 0 or >= 1) throw new ArgumentException("Need 0 <= no_opinion < 1.");
        var random = new Random(seed);
        var examples = new List<SentimentExample>(count);
        for (int n = 0; n < count; n++)
        {
            int length = random.Next(min_len, max_len + 1);
            var words = new string[length];
            for (int i = 0; i < length; i++) words[i] = Filler[random.Next(Filler.Length)];

            if (no_opinion > 0 && random.NextDouble() < no_opinion)
            {
                int d = random.Next(3) == 0 ? random.Next(length - 1) : -1;   // a distractor as often as in opinions
                if (d >= 0) { words[d] = Negators[random.Next(Negators.Length)]; words[d + 1] = Neutral[random.Next(Neutral.Length)]; }
                examples.Add(new SentimentExample(words, NoOpinion, -1, -1, d));
                continue;
            }
            bool positive = random.Next(2) == 0, negated = random.Next(2) == 0;
            int polar = random.Next(1, length);                   // leaves room for a negator at polar - 1
            words[polar] = (positive ? Positive : Negative)[random.Next(Positive.Length)];
            int negator = -1;
            if (negated) { negator = polar - 1; words[negator] = Negators[random.Next(Negators.Length)]; }

            int distractor = -1;
            if (random.Next(3) == 0)
            {
                // A "not long" pair anywhere that does not touch the polar phrase.
                var starts = Enumerable.Range(0, length - 1).Where(s => s + 1 < (negated ? negator : polar) || s > polar).ToList();
                if (starts.Count > 0)
                {
                    distractor = starts[random.Next(starts.Count)];
                    words[distractor] = Negators[random.Next(Negators.Length)];
                    words[distractor + 1] = Neutral[random.Next(Neutral.Length)];
                }
            }
            examples.Add(new SentimentExample(words, positive ^ negated ? 1 : 0, polar, negator, distractor));
        }
        return examples;
    }

    /// <summary>
    /// Counts where argmax_t α_t falls for each sentence that has a polar word: on the gold polar word or its negator,
    /// on the polar word itself, on a distractor negator. Ties go to the first position. Sentences with no opinion have no
    /// gold word and are not counted. Used in chapter 09.
    /// </summary>
    /// <param name="examples">The sentences with their gold positions.</param>
    /// <param name="weights">Per sentence, one weight per word (e.g. <c>ClassifierResult.Weights</c>).</param>
    public static ArgmaxOnGold WhereArgmaxFalls(IReadOnlyList<SentimentExample> examples, IReadOnlyList<float[]> weights)
    {
        int n = 0, gold = 0, polar = 0, distractor = 0;
        for (int i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            if (e.PolarIndex < 0) continue;
            int top = Array.IndexOf(weights[i], weights[i].Max());
            n++;
            if (top == e.PolarIndex || top == e.NegatorIndex) gold++;
            if (top == e.PolarIndex) polar++;
            if (top == e.DistractorIndex) distractor++;
        }
        return n == 0 ? new ArgmaxOnGold(0, 0, 0, 0) : new ArgmaxOnGold(n, gold / (double)n, polar / (double)n, distractor / (double)n);
    }
}
