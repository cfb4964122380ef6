using AttentionCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Attention;

public class ScaledDotProductAttentionTests
{
    static (Tensor q, Tensor k, Tensor v) Qkv(long T = 5, long S = 7)
    {
        var q = randn(2, 3, T, 8);   // (B, h, T, d_k)
        var k = randn(2, 3, S, 8);   // (B, h, S, d_k)
        var v = randn(2, 3, S, 4);   // (B, h, S, d_v)
        return (q, k, v);
    }

    [Fact]
    public void Explicit_path_equals_softmax_of_scaled_scores_times_values()
    {
        T.Init();
        var (q, k, v) = Qkv();
        var (output, weights) = ScaledDotProductAttention.forward(q, k, v);
        var expectedWeights = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(8)).softmax(-1);
        T.Close(expectedWeights, weights!, 1e-6);
        T.Close(expectedWeights.matmul(v), output, 1e-5);
    }

    [Fact]
    public void Explicit_and_fused_paths_agree_without_a_mask()
    {
        T.Init();
        var (q, k, v) = Qkv();
        var (explicitOut, _) = ScaledDotProductAttention.forward(q, k, v);
        var (fusedOut, fusedWeights) = ScaledDotProductAttention.forward(q, k, v, fused: true);
        Assert.Null(fusedWeights);
        T.Close(nn.functional.scaled_dot_product_attention(q, k, v), fusedOut, 1e-6);
        T.Close(explicitOut, fusedOut, 1e-5);
    }

    [Fact]
    public void Explicit_and_fused_paths_agree_with_a_padding_mask()
    {
        T.Init();
        var (q, k, v) = Qkv();
        var mask = MaskedSoftmax.LengthsToMask(tensor(new long[] { 3, 6 }), 4, 7);   // (B, 1, 1, S)
        var (explicitOut, weights) = ScaledDotProductAttention.forward(q, k, v, mask);
        var (fusedOut, _) = ScaledDotProductAttention.forward(q, k, v, mask, fused: true);
        T.Close(explicitOut, fusedOut, 1e-5);
        Assert.Equal(0f, weights![0, .., .., 3..].abs().sum().item<float>());
    }

    [Fact]
    public void Explicit_and_fused_paths_agree_when_causal()
    {
        T.Init();
        var (q, k, v) = Qkv(6, 6);
        var (explicitOut, weights) = ScaledDotProductAttention.forward(q, k, v, is_causal: true);
        var (fusedOut, _) = ScaledDotProductAttention.forward(q, k, v, is_causal: true, fused: true);
        T.Close(nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true), fusedOut, 1e-6);
        T.Close(explicitOut, fusedOut, 1e-5);
        Assert.Equal(0f, weights!.triu(1).abs().sum().item<float>());
    }

    [Fact]
    public void Explicit_and_fused_paths_agree_with_padding_and_causal_together()
    {
        T.Init();
        var (q, k, v) = Qkv(6, 6);
        var mask = MaskedSoftmax.LengthsToMask(tensor(new long[] { 4, 6 }), 4, 6);
        var (explicitOut, _) = ScaledDotProductAttention.forward(q, k, v, mask, is_causal: true);
        var (fusedOut, _) = ScaledDotProductAttention.forward(q, k, v, mask, is_causal: true, fused: true);
        T.Close(explicitOut, fusedOut, 1e-5);
    }

    [Fact]
    public void Fully_masked_query_gets_a_zero_output_on_both_paths()
    {
        T.Init();
        var (q, k, v) = Qkv();
        var mask = MaskedSoftmax.LengthsToMask(tensor(new long[] { 0, 7 }), 4, 7);
        var (explicitOut, weights) = ScaledDotProductAttention.forward(q, k, v, mask);
        var (fusedOut, _) = ScaledDotProductAttention.forward(q, k, v, mask, fused: true);
        Assert.Equal(0f, explicitOut[0].abs().sum().item<float>());
        Assert.Equal(0f, weights![0].abs().sum().item<float>());
        Assert.False(fusedOut.isnan().any().item<bool>());
        T.Close(explicitOut, fusedOut, 1e-5);
    }

    [Fact]
    public void Dropout_on_weights_changes_the_output_but_not_the_returned_weights()
    {
        T.Init();
        var (q, k, v) = Qkv();
        var (plain, w0) = ScaledDotProductAttention.forward(q, k, v);
        var (dropped, w1) = ScaledDotProductAttention.forward(q, k, v, dropout_p: 0.5);
        T.Close(w0!, w1!, 0);
        Assert.True(T.MaxAbsDiff(plain, dropped) > 1e-3);
    }

    [Fact]
    public void Causal_mask_is_lower_triangular()
    {
        T.Init();
        var m = Masks.Causal(3);
        Assert.Equal(new[] { true, false, false, true, true, false, true, true, true }, m.data<bool>().ToArray());
    }
}
