using AttentionCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Attention;

public class MultiheadAttentionTests
{
    const long E = 16, H = 4, B = 3, L = 5, S = 6;

    /// <summary>Our module and TorchSharp's with identical weights (random biases, so a dropped bias would show).</summary>
    static (MultiheadAttention ours, TorchSharp.Modules.MultiheadAttention theirs) Pair()
    {
        var ours = new MultiheadAttention(E, H);
        var theirs = nn.MultiheadAttention(E, H);
        var p = theirs.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        using (no_grad())
        {
            ours.in_proj_bias!.normal_();
            ours.out_proj.bias!.normal_();
            p["in_proj_weight"].copy_(ours.in_proj_weight!);
            p["in_proj_bias"].copy_(ours.in_proj_bias!);
            p["out_proj.weight"].copy_(ours.out_proj.weight!);
            p["out_proj.bias"].copy_(ours.out_proj.bias!);
        }
        return (ours, theirs);
    }

    static Tensor SeqFirst(Tensor x) => x.transpose(0, 1);                    // (B, L, E) <-> (L, B, E)

    [Fact]
    public void Equals_torchsharp_multihead_attention_given_the_same_weights()
    {
        T.Init();
        var (ours, theirs) = Pair();
        var q = randn(B, L, E); var k = randn(B, S, E); var v = randn(B, S, E);
        var (output, weights) = ours.forward(q, k, v);
        var (expected, expectedWeights) = theirs.forward(SeqFirst(q), SeqFirst(k), SeqFirst(v), null, true, null);
        T.Close(SeqFirst(expected), output);
        T.Close(expectedWeights, weights!.mean([1]));                          // TorchSharp averages over heads
    }

    [Fact]
    public void Equals_torchsharp_multihead_attention_with_a_key_padding_mask()
    {
        T.Init(1);
        var (ours, theirs) = Pair();
        var q = randn(B, L, E); var k = randn(B, S, E); var v = randn(B, S, E);
        var padding = tensor(new long[] { 6, 2, 4 }).unsqueeze(1).le(arange(S)); // (B, S), PyTorch: true = ignore
        var (output, weights) = ours.forward(q, k, v, key_mask: padding.logical_not());
        var (expected, expectedWeights) = theirs.forward(SeqFirst(q), SeqFirst(k), SeqFirst(v), padding, true, null);
        T.Close(SeqFirst(expected), output);
        T.Close(expectedWeights, weights!.mean([1]));
        Assert.Equal(0f, weights![1, .., .., 2..].abs().sum().item<float>());
    }

    [Fact]
    public void Equals_torchsharp_multihead_attention_in_self_attention_with_a_causal_mask()
    {
        T.Init(2);
        var (ours, theirs) = Pair();
        var x = randn(B, L, E);
        var (output, weights) = ours.forward(x, x, x, null, is_causal: true);
        // An additive float mask, -inf above the diagonal: the form every PyTorch version reads the same way.
        var additive = zeros(L, L).masked_fill(Masks.Causal(L).logical_not(), double.NegativeInfinity);
        var (expected, expectedWeights) = theirs.forward(SeqFirst(x), SeqFirst(x), SeqFirst(x), null, true, additive);
        T.Close(SeqFirst(expected), output);
        T.Close(expectedWeights, weights!.mean([1]));
    }

    [Fact]
    public void Fused_path_gives_the_same_output_without_weights()
    {
        T.Init(3);
        var (ours, _) = Pair();
        var x = randn(B, L, E);
        var keyMask = tensor(new long[] { 5, 3, 1 }).unsqueeze(1).gt(arange(L));
        var (explicitOut, _) = ours.forward(x, x, x, keyMask, is_causal: true);
        var (fusedOut, weights) = ours.forward(x, x, x, keyMask, is_causal: true, need_weights: false);
        Assert.Null(weights);
        T.Close(explicitOut, fusedOut);
    }

    [Fact]
    public void Per_head_weights_have_shape_B_h_T_S_and_rows_sum_to_one()
    {
        T.Init();
        using var mha = new MultiheadAttention(E, H);
        var (output, weights) = mha.forward(randn(B, L, E), randn(B, S, E), randn(B, S, E));
        Assert.Equal(new[] { B, L, E }, output.shape);
        Assert.Equal(new[] { B, H, L, S }, weights!.shape);
        T.Close(ones(B, H, L), weights.sum(-1), 1e-6);
    }

    [Fact]
    public void Different_key_and_value_sizes_are_projected_to_embed_dim()
    {
        T.Init();
        using var mha = new MultiheadAttention(E, H, kdim: 5, vdim: 7);
        var (output, _) = mha.forward(randn(B, L, E), randn(B, S, 5), randn(B, S, 7));
        Assert.Equal(new[] { B, L, E }, output.shape);
        Assert.Equal(MultiheadAttention.ParameterCount(E, kdim: 5, vdim: 7), mha.parameters().Sum(p => p.numel()));
    }

    [Theory]
    [InlineData(16, 4, true)]
    [InlineData(32, 8, false)]
    public void Parameter_count_formula_equals_counted_parameters(long e, long h, bool bias)
    {
        T.Init();
        using var mha = new MultiheadAttention(e, h, bias: bias);
        var counted = mha.parameters().Sum(p => p.numel());
        Assert.Equal(bias ? 4 * e * e + 4 * e : 4 * e * e, MultiheadAttention.ParameterCount(e, bias));
        Assert.Equal(MultiheadAttention.ParameterCount(e, bias), counted);
        using var theirs = nn.MultiheadAttention(e, h, bias: bias);
        Assert.Equal(theirs.parameters().Sum(p => p.numel()), counted);
    }

    [Fact]
    public void Flop_formula_matches_a_hand_count()
    {
        // B=1, T=S=2, E=4: projections 4 * (2 * 1 * 2 * 4 * 4) = 256; attention 4 * 1 * 2 * 2 * 4 = 64.
        Assert.Equal(320.0, MultiheadAttention.Flops(1, 2, 2, 4));
    }
}
