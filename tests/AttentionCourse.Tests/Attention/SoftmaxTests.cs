using AttentionCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Attention;

public class SoftmaxTests
{
    [Fact]
    public void Stable_softmax_equals_torch_softmax()
    {
        T.Init();
        var x = randn(4, 7) * 5;
        T.Close(x.softmax(-1), Softmax.Stable(x), 1e-6);
    }

    [Fact]
    public void Naive_softmax_overflows_on_large_logits_while_stable_does_not()
    {
        T.Init();
        var x = tensor(new float[] { 1000f, 999f, 998f });
        Assert.True(Softmax.Naive(x).isnan().any().item<bool>());
        // exp(0), exp(-1), exp(-2) normalised, by hand.
        var e = new[] { 1.0, Math.Exp(-1), Math.Exp(-2) };
        var expected = tensor(e.Select(v => (float)(v / e.Sum())).ToArray());
        T.Close(expected, Softmax.Stable(x), 1e-6);
    }

    [Fact]
    public void Masked_softmax_gives_zero_weight_to_padding()
    {
        T.Init();
        var scores = randn(2, 3, 5);
        var w = MaskedSoftmax.forward_valid_lens(scores, tensor(new long[] { 2, 4 }));
        Assert.Equal(0f, w[0, .., 2..].abs().max().item<float>());
        Assert.Equal(0f, w[1, .., 4..].abs().max().item<float>());
        // The kept entries are the softmax of the kept scores alone.
        T.Close(scores[0, .., ..2].softmax(-1), w[0, .., ..2], 1e-6);
        T.Close(scores[1, .., ..4].softmax(-1), w[1, .., ..4], 1e-6);
    }

    [Fact]
    public void Masked_softmax_with_length_zero_gives_an_all_zero_row_not_nan()
    {
        T.Init();
        var scores = randn(2, 3, 4);
        var w = MaskedSoftmax.forward_valid_lens(scores, tensor(new long[] { 0, 3 }));
        Assert.False(w.isnan().any().item<bool>());
        Assert.Equal(0f, w[0].abs().sum().item<float>());
        T.Close(ones(3), w[1].sum(-1), 1e-6);
    }

    [Fact]
    public void Masked_softmax_accepts_one_length_per_query()
    {
        T.Init();
        var scores = randn(1, 3, 4);
        var w = MaskedSoftmax.forward_valid_lens(scores, tensor(new long[,] { { 1, 2, 3 } }));
        // Row t keeps exactly t + 1 keys.
        var nonzero = w.ne(0).sum(-1);
        Assert.Equal(new long[] { 1, 2, 3 }, nonzero[0].data<long>().ToArray());
    }

    [Fact]
    public void Masked_softmax_does_not_overflow_with_large_scores()
    {
        T.Init();
        var scores = tensor(new float[] { 1e4f, 1e4f - 1, -1e4f }).reshape(1, 1, 3);
        var w = MaskedSoftmax.forward(scores, tensor(new[] { true, true, false }));
        var e1 = Math.Exp(-1);
        T.Close(tensor(new float[] { (float)(1 / (1 + e1)), (float)(e1 / (1 + e1)), 0f }).reshape(1, 1, 3), w, 1e-6);
    }

    [Fact]
    public void Gradient_through_a_fully_masked_row_is_finite()
    {
        T.Init();
        var scores = randn(2, 4, requires_grad: true);
        var mask = tensor(new[,] { { false, false, false, false }, { true, true, false, true } });
        MaskedSoftmax.forward(scores, mask).mul(arange(4)).sum().backward();
        Assert.False(scores.grad!.isnan().any().item<bool>());
        Assert.Equal(0f, scores.grad![0].abs().sum().item<float>());
    }
}
