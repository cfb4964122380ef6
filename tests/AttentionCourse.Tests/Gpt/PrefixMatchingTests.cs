using AttentionCourse.Gpt;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Gpt;

public class PrefixMatchingTests
{
    public PrefixMatchingTests() => T.Init();

    // tokens a b c a b a (0 1 2 0 1 0): written out by hand, the targets of each query are
    // t=3 (a, earlier a at 0) -> key 1; t=4 (b, earlier b at 1) -> key 2; t=5 (a, earlier a at 0 and 3) -> keys 1 and 4.
    static readonly Tensor Tokens = tensor(new long[,] { { 0, 1, 2, 0, 1, 0 } });

    [Fact]
    public void Targets_are_the_keys_after_earlier_occurrences_written_out_by_hand()
    {
        var expected = zeros(1, 6, 6, ScalarType.Bool);
        expected[0, 3, 1] = true;
        expected[0, 4, 2] = true;
        expected[0, 5, 1] = true;
        expected[0, 5, 4] = true;
        Assert.True(PrefixMatching.Targets(Tokens).eq(expected).all().item<bool>());
    }

    [Fact]
    public void Scores_read_the_weight_on_targets_per_head()
    {
        // Head 0 puts all weight on a target key at t = 3, 4; head 1 on the previous token (key t - 1).
        var w = zeros(1, 2, 6, 6);
        w[0, 0, 3, 1] = 1; w[0, 0, 4, 2] = 1;
        w[0, 1, 3, 2] = 1; w[0, 1, 4, 3] = 1;
        var queries = tensor(new[] { false, false, false, true, true, false }).view(1, 6);
        var scores = PrefixMatching.Scores(w, Tokens, queries);
        Assert.Equal(1.0, scores[0], 6);
        Assert.Equal(0.0, scores[1], 6);
        // Query 5 with weight 0.3 on key 1 and 0.2 on key 4 scores 0.5.
        var w5 = zeros(1, 1, 6, 6);
        w5[0, 0, 5, 1] = 0.3f; w5[0, 0, 5, 4] = 0.2f; w5[0, 0, 5, 0] = 0.5f;
        Assert.Equal(0.5, PrefixMatching.Scores(w5, Tokens, tensor(new[] { false, false, false, false, false, true }).view(1, 6))[0], 6);
    }

    [Fact]
    public void Uniform_causal_attention_scores_exactly_the_chance_level()
    {
        var uniform = ones(6, 6).tril();
        uniform = (uniform / uniform.sum(-1, keepdim: true)).view(1, 1, 6, 6);   // row t: 1 / (t + 1) on keys 0..t
        var queries = tensor(new[] { false, false, false, true, true, true }).view(1, 6);
        double byHand = (1.0 / 4 + 1.0 / 5 + 2.0 / 6) / 3;
        Assert.Equal(byHand, PrefixMatching.Chance(Tokens, queries), 10);
        Assert.Equal(byHand, PrefixMatching.Scores(uniform, Tokens, queries)[0], 6);
    }
}
