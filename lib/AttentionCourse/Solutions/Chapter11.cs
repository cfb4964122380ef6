using AttentionCourse.Attention;
using AttentionCourse.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions of the chapter 11 exercises (notebooks/11-memory-networks.ipynb).</summary>
public static class Chapter11
{
    /// <summary>Exercise 11.1: the position encoding l[j − 1, k − 1] = (1 − j/J) − (k/d)(1 − 2j/J) of Sukhbaatar et al. (2015), section 4.1.</summary>
    /// <param name="J">Words in the sentence.</param>
    /// <param name="d">Embedding width.</param>
    /// <returns>(J, d).</returns>
    public static Tensor PositionEncodingMatrix(long J, long d)
    {
        var j = arange(1, J + 1, dtype: ScalarType.Float32).unsqueeze(1);     // (J, 1)
        var k = arange(1, d + 1, dtype: ScalarType.Float32).unsqueeze(0);     // (1, d)
        return (1 - j / J) - (k / d) * (1 - 2 * j / J);                        // (J, d)
    }

    /// <summary>Exercise 11.2: one hop, p = softmax(m u) over the real sentences (0 on empty slots), o = Σ_i p_i c_i.</summary>
    /// <param name="u">Controller state (B, d).</param>
    /// <param name="m">Input memories (B, S, d).</param>
    /// <param name="c">Output memories (B, S, d).</param>
    /// <param name="mask">(B, S), true = a real sentence.</param>
    /// <returns>o (B, d).</returns>
    public static Tensor MemoryHop(Tensor u, Tensor m, Tensor c, Tensor mask)
    {
        var scores = (m * u.unsqueeze(1)).sum(-1);                             // (B, S)
        var p = MaskedSoftmax.forward(scores, mask);                           // (B, S)
        return (p.unsqueeze(-1) * c).sum(1);                                   // (B, d)
    }

    /// <summary>
    /// Exercise 11.3: answers "Where is the X?" by the rule the network has to learn, reading the story backwards: the
    /// last sentence that ends in X names its holder; if it is a drop, the holder's last move before it gives the place,
    /// otherwise the holder's last move in the whole story does. Task 1 ("Where is P?") is the second step alone.
    /// </summary>
    /// <param name="story">A story of either task.</param>
    /// <returns>The place.</returns>
    public static string AnswerByRules(BabiStory story)
    {
        var s = story.Sentences;
        string LastPlaceOf(string person, int before) =>
            s.Take(before).Last(w => w[0] == person && BabiStories.Places.Contains(w[^1]))[^1];
        var asked = story.Question[^1];
        if (BabiStories.People.Contains(asked)) return LastPlaceOf(asked, s.Length);
        int fact = Array.FindLastIndex(s, w => w[^1] == asked);
        bool dropped = BabiStories.DropVerbs.Any(v => v[0] == s[fact][1]);
        return LastPlaceOf(s[fact][0], dropped ? fact : s.Length);
    }

    /// <summary>Exercise 11.4: per hop, the fraction of stories whose attention argmax is one of the gold supporting sentences.</summary>
    /// <param name="hopWeights">[n][k][i] attention per story, hop and sentence.</param>
    /// <param name="stories">The stories, in the same order.</param>
    /// <returns>One fraction per hop.</returns>
    public static double[] HopOnGold(IReadOnlyList<float[][]> hopWeights, IReadOnlyList<BabiStory> stories) =>
        Enumerable.Range(0, hopWeights[0].Length)
            .Select(k => Enumerable.Range(0, stories.Count)
                .Count(n => stories[n].Supporting.Contains(Array.IndexOf(hopWeights[n][k], hopWeights[n][k].Max()))) / (double)stories.Count)
            .ToArray();
}
