using AttentionCourse.Classification;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Classification;

public class PoolingTests
{
    public PoolingTests() => T.Init();

    static Tensor Mask(params int[] lengths)
    {
        var rows = lengths.Select(l => Enumerable.Range(0, 5).Select(t => t < l).ToArray()).ToArray();
        return stack(rows.Select(r => tensor(r)).ToArray());                    // (B, 5)
    }

    [Fact]
    public void Attention_pooling_gives_padding_zero_weight_and_rows_sum_to_one()
    {
        var pool = new AttentionPooling(8);
        var h = randn(3, 5, 8);
        var (_, w) = pool.forward(h, Mask(5, 2, 1));
        Assert.Equal(0.0, w[1, 2..].abs().sum().item<float>());
        Assert.Equal(0.0, w[2, 1..].abs().sum().item<float>());
        T.Close(ones(3), w.sum(1), 1e-6);
    }

    [Fact]
    public void Attention_pooling_matches_a_hand_computed_softmax_and_weighted_sum()
    {
        var pool = new AttentionPooling(4);
        var h = randn(2, 5, 4);
        var mask = Mask(5, 3);
        var (pooled, w) = pool.forward(h, mask);
        var W = pool.key_proj.weight!;
        var q = pool.query;
        for (int b = 0; b < 2; b++)
        {
            int len = b == 0 ? 5 : 3;
            var scores = Enumerable.Range(0, len).Select(t => (W.matmul(h[b, t]).dot(q) / 2.0).item<float>()).ToArray(); // √E = 2
            var max = scores.Max();
            var e = scores.Select(s => Math.Exp(s - max)).ToArray();
            var expected = e.Select(x => x / e.Sum()).ToArray();
            for (int t = 0; t < len; t++) Assert.Equal(expected[t], w[b, t].item<float>(), 5);
            var sum = zeros(4);
            for (int t = 0; t < len; t++) sum += h[b, t] * expected[t];
            T.Close(sum, pooled[b], 1e-5);
        }
    }

    [Fact]
    public void Zero_query_attention_pooling_equals_mean_pooling()
    {
        var pool = new AttentionPooling(6);
        using (no_grad()) pool.query.zero_();
        var h = randn(3, 5, 6);
        var mask = Mask(4, 5, 1);
        T.Close(MeanPooling.forward(h, mask).pooled, pool.forward(h, mask).pooled, 1e-6);
    }

    [Fact]
    public void Mean_pooling_averages_only_the_real_tokens()
    {
        var h = randn(2, 5, 3);
        var (pooled, _) = MeanPooling.forward(h, Mask(5, 2));
        T.Close(h[0].mean([0]), pooled[0], 1e-6);
        T.Close((h[1, 0] + h[1, 1]) / 2, pooled[1], 1e-6);
    }

    [Theory]
    [InlineData(Pooling.Attention)]
    [InlineData(Pooling.Mean)]
    public void Classifier_logits_do_not_change_when_padding_is_added(Pooling pooling)
    {
        var model = new PoolingClassifier(new PoolingClassifierConfig(20, 3, pooling, EmbedDim: 8, NumHeads: 2, FeedForwardDim: 16));
        model.eval();
        using var _ = no_grad();
        var ids = tensor(new long[,] { { 5, 6, 7, 0 }, { 8, 9, 0, 0 } });
        var longer = cat([ids, zeros(2, 3, dtype: int64)], 1);                  // (2, 7)
        var a = model.forward(ids, ids.ne(0));
        var b = model.forward(longer, longer.ne(0));
        Assert.Equal(new long[] { 2, 3 }, a.shape);
        T.Close(a, b, 1e-5);
    }
}

public class WordScoresTests
{
    public WordScoresTests() => T.Init();

    [Fact]
    public void Softmax_of_the_word_scores_of_a_sentence_gives_its_pooling_weights()
    {
        var model = new PoolingClassifier(new PoolingClassifierConfig(20, 2, Pooling.Attention, EmbedDim: 8, NumLayers: 0,
            LocalContext: true, ScoreOnEmbeddings: true));
        model.eval();
        using var _ = no_grad();
        var ids = tensor(new long[,] { { 5, 6, 7, 5 } });
        model.forward(ids, ids.ne(0));
        var expected = model.WordScores()[ids[0]].softmax(0);                   // (4)
        T.Close(expected, model.pooling_weights![0], 1e-6);
        Assert.Equal(20, model.WordScores().shape[0]);
    }

    [Fact]
    public void Word_scores_are_refused_when_the_scores_are_not_a_function_of_the_word()
    {
        var mean = new PoolingClassifier(new PoolingClassifierConfig(20, 2, Pooling.Mean, EmbedDim: 8, NumLayers: 0));
        var contextual = new PoolingClassifier(new PoolingClassifierConfig(20, 2, Pooling.Attention, EmbedDim: 8, NumHeads: 2, NumLayers: 1));
        Assert.Throws<InvalidOperationException>(() => mean.WordScores());
        Assert.Throws<InvalidOperationException>(() => contextual.WordScores());
    }
}

public class LocalContextTests
{
    public LocalContextTests() => T.Init();

    [Fact]
    public void Shift_right_puts_the_previous_word_at_each_position_and_zeros_first()
    {
        var x = arange(6f).view(1, 3, 2);                                       // words [0,1], [2,3], [4,5]
        Assert.Equal(new float[] { 0, 0, 0, 1, 2, 3 }, PoolingClassifier.ShiftRight(x).data<float>().ToArray());
    }

    [Fact]
    public void With_local_context_only_a_words_right_neighbour_can_change_its_vector()
    {
        var model = new PoolingClassifier(new PoolingClassifierConfig(20, 2, Pooling.Mean, EmbedDim: 8, NumLayers: 0, LocalContext: true));
        model.eval();
        using var _ = no_grad();
        // Mean pooling of one-word-changed sentences: only positions t and t+1 may differ, so the pooled
        // difference equals (h'_t + h'_{t+1} - h_t - h_{t+1}) / T; checked via pooling weights being uniform
        // and the logits changing at all (the word matters).
        var a = tensor(new long[,] { { 3, 4, 5, 6 } });
        var b = tensor(new long[,] { { 3, 4, 9, 6 } });
        Assert.True(T.MaxAbsDiff(model.forward(a, a.ne(0)), model.forward(b, b.ne(0))) > 1e-6);
        Assert.Equal(new long[] { 2, 4 }, new[] { model.forward(a, a.ne(0)).shape[1], model.pooling_weights!.shape[1] });
    }
}
