using AttentionCourse.Text;
using AttentionCourse.Memory;
using AttentionCourse.Tasks;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Memory;

public class MemoryNetworkTests
{
    public MemoryNetworkTests() => T.Init();

    static readonly MemoryNetworkConfig Small = new(VocabSize: 12, MemorySize: 5, EmbedDim: 6, Hops: 2);

    /// <summary>Two stories of 3 and 1 sentences and one with none, in 5 slots of 3 words: (3, 5, 3), and their questions (3, 2).</summary>
    static (Tensor story, Tensor query) Tiny()
    {
        var story = zeros(3, 5, 3, dtype: ScalarType.Int64);
        story[0, 0] = tensor(new long[] { 2, 3, 4 });
        story[0, 1] = tensor(new long[] { 5, 6, 0 });
        story[0, 2] = tensor(new long[] { 7, 3, 8 });
        story[1, 0] = tensor(new long[] { 9, 10, 11 });
        var query = tensor(new long[,] { { 2, 8 }, { 11, 0 }, { 4, 5 } });
        return (story, query);
    }

    [Fact]
    public void Hop_weights_are_exactly_zero_on_empty_slots_and_sum_to_one_over_the_real_sentences()
    {
        var model = new MemoryNetwork(Small);
        var (story, query) = Tiny();
        var (logits, hops) = model.forward(story, query);                      // (3, V), (3, K, S)
        Assert.Equal(new long[] { 3, 2, 5 }, hops.shape);
        Assert.Equal(0f, hops[0, .., 3..].abs().sum().item<float>());
        Assert.Equal(0f, hops[1, .., 1..].abs().sum().item<float>());
        T.Close(ones(2, 2), hops[..2].sum(-1), 1e-6);
        // A story with no sentence: nothing to attend to, all weights 0 and finite logits, never NaN.
        Assert.Equal(0f, hops[2].abs().sum().item<float>());
        Assert.False(logits.isnan().any().item<bool>());
    }

    [Fact]
    public void Weights_on_real_sentences_sum_to_one_for_generated_stories_of_every_length()
    {
        var vocab = StoryEncoding.Vocabulary();
        var stories = BabiStories.Generate(BabiTask.TwoSupportingFacts, 64, seed: 1);
        var data = StoryEncoding.Encode(stories, vocab);
        var model = new MemoryNetwork(new MemoryNetworkConfig(vocab.Count));
        var (_, hops) = model.forward(data.Stories, data.Queries);             // (64, 3, 14)
        for (int n = 0; n < stories.Count; n++)
        {
            int len = stories[n].Sentences.Length;
            T.Close(ones(3), hops[n, .., ..len].sum(-1), 1e-5);
            Assert.Equal(0f, hops[n, .., len..].abs().sum().item<float>());
        }
    }

    [Fact]
    public void Forward_equals_a_hand_loop_over_sentences_with_adjacent_tying()
    {
        var model = new MemoryNetwork(Small);
        var (story, query) = Tiny();
        var (logits, hops) = model.forward(story, query);
        float[,] Table(TorchSharp.Modules.Embedding e) => (float[,])e.weight!.data<float>().ToNDArray();
        var C = model.C.Select(Table).ToArray();
        var TT = model.T.Select(Table).ToArray();
        int d = 6, K = 2, S = 5, V = 12;
        var sq = (long[,,])story.data<long>().ToNDArray();
        var qq = (long[,])query.data<long>().ToNDArray();
        for (int b = 0; b < 3; b++)
        {
            // The sentence vector: Σ_j l_kj E[x_j, k] with l_kj = (1 - j/J) - (k/d)(1 - 2j/J), J = words in that sentence.
            double[] Sentence(float[,] E, Func<int, long> word, int W)
            {
                int J = Enumerable.Range(0, W).Count(j => word(j) != 0);
                var v = new double[d];
                for (int j = 1; j <= J; j++)
                    for (int k = 1; k <= d; k++)
                        v[k - 1] += ((1.0 - (double)j / J) - ((double)k / d) * (1.0 - 2.0 * j / J)) * E[word(j - 1), k - 1];
                return v;
            }
            int n = Enumerable.Range(0, S).Count(i => sq[b, i, 0] != 0);
            var u = Sentence(C[0], j => qq[b, j], 2);
            for (int k = 0; k < K; k++)
            {
                var scores = new double[n];
                var cs = new double[n][];
                for (int i = 0; i < n; i++)
                {
                    int age = n - 1 - i;
                    var m = Sentence(C[k], j => sq[b, i, j], 3);
                    cs[i] = Sentence(C[k + 1], j => sq[b, i, j], 3);
                    for (int e = 0; e < d; e++) { m[e] += TT[k][age, e]; cs[i][e] += TT[k + 1][age, e]; }
                    scores[i] = Enumerable.Range(0, d).Sum(e => u[e] * m[e]);
                }
                var max = n > 0 ? scores.Max() : 0;
                var sum = scores.Sum(s => Math.Exp(s - max));
                var p = scores.Select(s => Math.Exp(s - max) / sum).ToArray();
                for (int i = 0; i < S; i++)
                    Assert.Equal(i < n ? p[i] : 0.0, hops[b, k, i].item<float>(), 5);
                var o = new double[d];
                for (int i = 0; i < n; i++)
                    for (int e = 0; e < d; e++) o[e] += p[i] * cs[i][e];
                for (int e = 0; e < d; e++) u[e] += o[e];
            }
            for (int v = 0; v < V; v++)
                Assert.Equal(Enumerable.Range(0, d).Sum(e => u[e] * C[K][v, e]), logits[b, v].item<float>(), 4);
        }
    }

    [Fact]
    public void One_hop_equals_torch_softmax_on_the_real_slots_and_its_weighted_sum()
    {
        var u = randn(4, 8);
        var m = randn(4, 6, 8);
        var c = randn(4, 6, 8);
        var lengths = new[] { 6, 3, 1, 0 };
        var mask = arange(6).unsqueeze(0).lt(tensor(lengths).unsqueeze(1));    // (4, 6)
        var (o, p) = MemoryNetwork.Hop(u, m, c, mask);
        for (int b = 0; b < 4; b++)
        {
            int n = lengths[b];
            if (n == 0) { Assert.Equal(0f, p[b].abs().sum().item<float>()); Assert.Equal(0f, o[b].abs().sum().item<float>()); continue; }
            var expected = m[b, ..n].matmul(u[b]).softmax(0);                  // (n)
            T.Close(expected, p[b, ..n], 1e-6);
            Assert.Equal(0f, p[b, n..].abs().sum().item<float>());
            T.Close(expected.matmul(c[b, ..n]), o[b], 1e-5);
        }
    }

    [Fact]
    public void Sentence_age_counts_back_from_the_newest_real_sentence()
    {
        var mask = tensor(new[,] { { true, true, true, false }, { true, false, false, false }, { true, true, true, true } });
        Assert.Equal(new long[] { 2, 1, 0, 0, 0, 0, 0, 0, 3, 2, 1, 0 }, MemoryNetwork.SentenceAge(mask).data<long>().ToArray());
    }

    [Fact]
    public void Linear_start_replaces_the_softmax_by_the_raw_scores_on_real_sentences()
    {
        var model = new MemoryNetwork(Small);
        var (story, query) = Tiny();
        model.linear_start = true;
        var (_, hops) = model.forward(story, query);
        model.linear_start = false;
        Assert.Equal(0f, hops[0, .., 3..].abs().sum().item<float>());
        Assert.True((hops[0, 0, ..3].sum().item<float>() - 1f) is > 1e-3f or < -1e-3f, "raw scores do not sum to 1");
        var (_, soft) = model.forward(story, query);
        T.Close(hops[0, 0, ..3].softmax(0), soft[0, 0, ..3], 1e-6);            // the softmax of hop 1's raw scores
    }

    [Fact]
    public void Without_temporal_encoding_reversing_the_sentences_reverses_the_attention()
    {
        var model = new MemoryNetwork(Small with { UseTemporalEncoding = false });
        var (story, query) = Tiny();
        var three = story[..1, ..3];                                           // (1, 3, 3)
        var (la, ha) = model.forward(three, query[..1]);
        var (lb, hb) = model.forward(three.flip(1), query[..1]);
        T.Close(la, lb, 1e-5);
        T.Close(ha, hb.flip(2), 1e-6);
    }
}
