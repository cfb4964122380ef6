using AttentionCourse.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Native;

public class TorchSharpLoadsTests
{
    [Fact]
    public void Attention_by_hand_equals_scaled_dot_product_attention()
    {
        TorchSharpNative.EnsureLoadable();
        manual_seed(0);
        var q = randn(2, 3, 5, 8);   // (B, h, T, d_k)
        var k = randn(2, 3, 7, 8);   // (B, h, S, d_k)
        var v = randn(2, 3, 7, 4);   // (B, h, S, d_v)

        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(8);   // (B, h, T, S)
        var byHand = scores.softmax(-1).matmul(v);                   // (B, h, T, d_v)
        var fused = nn.functional.scaled_dot_product_attention(q, k, v);

        Assert.Equal(new long[] { 2, 3, 5, 4 }, fused.shape);
        var maxDiff = (byHand - fused).abs().max().item<float>();
        Assert.True(maxDiff < 1e-5f, $"max |manual - fused| = {maxDiff}");
    }

    [Fact]
    public void Status_says_what_was_done()
    {
        TorchSharpNative.EnsureLoadable();
        Assert.Matches("original library loaded|patched copy loaded|not needed", TorchSharpNative.Status);
    }
}
