using AttentionCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Attention;

public class ScoresTests
{
    [Fact]
    public void Dot_and_scaled_dot_scores_match_a_hand_computed_case()
    {
        T.Init();
        var q = tensor(new float[] { 1, 2, 0, 1 }).reshape(1, 1, 4);
        var k = tensor(new float[] { 3, 0, 1, 1, 0, 1, 0, 3 }).reshape(1, 2, 4);
        // q.k0 = 3 + 0 + 0 + 1 = 4; q.k1 = 0 + 2 + 0 + 3 = 5; divided by sqrt(4) = 2.
        T.Close(tensor(new float[] { 4, 5 }).reshape(1, 1, 2), Scores.Dot(q, k), 1e-6);
        T.Close(tensor(new float[] { 2, 2.5f }).reshape(1, 1, 2), Scores.ScaledDot(q, k), 1e-6);
    }

    [Fact]
    public void Cosine_score_ignores_vector_length()
    {
        T.Init();
        var q = randn(2, 3, 8);
        var k = randn(2, 5, 8);
        var s = Scores.Cosine(q, k);
        T.Close(s, Scores.Cosine(q * 7, k * 0.1), 1e-5);
        Assert.True(s.abs().max().item<float>() <= 1.0f + 1e-6f);
        var byHand = nn.functional.cosine_similarity(q[0, 1], k[0, 4], dim: 0);
        T.Close(byHand, s[0, 1, 4], 1e-6);
    }

    [Fact]
    public void Additive_score_equals_its_formula_for_one_pair()
    {
        T.Init();
        using var attention = new AdditiveAttention(query_size: 3, key_size: 5, num_hiddens: 4);
        var q = randn(1, 2, 3);
        var k = randn(1, 6, 5);
        var s = attention.score(q, k);
        // w_v^T tanh(W_q q + W_k k) for query 1, key 4, written out with plain matrix-vector products.
        var hidden = (attention.W_q.weight!.matmul(q[0, 1]) + attention.W_k.weight!.matmul(k[0, 4])).tanh();
        var expected = attention.w_v.weight!.matmul(hidden).squeeze();
        T.Close(expected, s[0, 1, 4], 1e-6);
    }

    [Fact]
    public void Additive_attention_output_is_the_weighted_average_of_valid_values()
    {
        T.Init();
        using var attention = new AdditiveAttention(3, 3, 8);
        var q = randn(2, 1, 3);
        var k = randn(2, 10, 3);
        var v = arange(40, dtype: float32).reshape(1, 10, 4).repeat(2, 1, 1);
        var (output, weights) = attention.forward(q, k, v, tensor(new long[] { 2, 6 }));
        Assert.Equal(new long[] { 2, 1, 4 }, output.shape);
        Assert.Equal(0f, weights[0, .., 2..].abs().sum().item<float>());
        T.Close(weights.matmul(v), output, 1e-5);
        T.Close(ones(2, 1), weights.sum(-1), 1e-6);
    }

    [Fact]
    public void Bilinear_score_with_identity_is_the_dot_score()
    {
        T.Init();
        using var bilinear = new BilinearScore(6, 6);
        using (no_grad()) bilinear.W.copy_(eye(6));
        var q = randn(2, 3, 6);
        var k = randn(2, 4, 6);
        T.Close(Scores.Dot(q, k), bilinear.forward(q, k), 1e-5);
    }

    [Fact]
    public void Bilinear_score_equals_q_transpose_W_k_for_one_pair()
    {
        T.Init();
        using var bilinear = new BilinearScore(3, 5);
        var q = randn(1, 2, 3);
        var k = randn(1, 4, 5);
        var expected = q[0, 1].matmul(bilinear.W).matmul(k[0, 3]);
        T.Close(expected, bilinear.forward(q, k)[0, 1, 3], 1e-5);
    }
}
