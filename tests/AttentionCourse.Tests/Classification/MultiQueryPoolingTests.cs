using AttentionCourse.Classification;
using AttentionCourse.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Classification;

public class MultiQueryPoolingTests
{
    [Fact]
    public void Each_head_is_a_softmax_over_the_real_tokens_of_its_own_features()
    {
        T.Init();
        var pool = new MultiQueryPooling(8, 2);
        var h = randn(2, 5, 8);
        var lengths = new[] { 5, 3 };
        var mask = arange(5).unsqueeze(0).lt(tensor(new long[] { 5, 3 }).unsqueeze(1));
        var (pooled, weights) = pool.forward(h, mask);                                  // (2, 8), (2, 2, 5)
        var keys = h.matmul(pool.key_proj.weight!.t());                                  // (2, 5, 8), by hand
        for (var b = 0; b < 2; b++)
            for (var k = 0; k < 2; k++)
            {
                var n = lengths[b];
                var scores = keys[b, ..n, (4 * k)..(4 * k + 4)].matmul(pool.queries[k]) / 2.0; // (n): / sqrt(4)
                var alpha = scores.softmax(0);
                T.Close(alpha, weights[b, k, ..n]);
                Assert.Equal(0.0, weights[b, k, n..].abs().sum().item<float>());
                T.Close(alpha.matmul(h[b, ..n, (4 * k)..(4 * k + 4)]), pooled[b, (4 * k)..(4 * k + 4)]);
            }
        Assert.Throws<ArgumentException>(() => new MultiQueryPooling(8, 3));
    }

    [Fact]
    public void A_classifier_with_several_queries_keeps_their_mean_weights_and_refuses_scoring_on_embeddings()
    {
        T.Init();
        var model = new PoolingClassifier(new PoolingClassifierConfig(20, 3, Pooling.Attention, EmbedDim: 8, NumLayers: 1,
            FeedForwardDim: 16, Dropout: 0.0, Queries: 4));
        var ids = tensor(new long[] { 3, 4, 5, 0, 6, 7, 8, 9 }, [2, 4]);
        var mask = ids.ne(0);
        Assert.Equal([2L, 3L], model.forward(ids, mask).shape);
        var w = model.pooling_weights!;                                                 // (2, 4)
        T.Close(ones(2), w.sum(1));
        Assert.Equal(0.0, w[0, 3].item<float>());
        Assert.Null(model.pooling);
        Assert.Throws<ArgumentException>(() => new PoolingClassifier(new PoolingClassifierConfig(20, 3, Queries: 2, ScoreOnEmbeddings: true)));
    }

    [Fact]
    public void Decisive_word_sentences_hold_exactly_one_key_word_whose_class_is_the_label()
    {
        var data = DecisiveWord.Generate(500, seed: 4, min_length: 3, max_length: 9);
        var keys = DecisiveWord.Keys.ToHashSet();
        Assert.All(data, e =>
        {
            Assert.InRange(e.Words.Length, 3, 9);
            Assert.Single(e.Words, w => keys.Contains(w));
            Assert.Equal($"key{e.Label}", e.Words[e.KeyIndex][..4]);
        });
        Assert.Equal(data.Select(e => string.Join(' ', e.Words)), DecisiveWord.Generate(500, 4, 3, 9).Select(e => string.Join(' ', e.Words)));
        Assert.Equal(DecisiveWord.Classes, data.Select(e => e.Label).Distinct().Count());
    }
}
