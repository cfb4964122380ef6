using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

public static partial class AttentionChecks
{
    /// <summary>
    /// The course's one-head self-attention layer as a <see cref="SelfAttentionLayer"/>:
    /// Out(softmax(Q K^T / sqrt(d_k), masked) V) with Q, K, V = <see cref="AttentionProjections.Project"/>(x).
    /// </summary>
    public static readonly SelfAttentionLayer ReferenceLayer = (x, mask, p) =>
    {
        var (q, k, v) = p.Project(x);                                            // (B, T, E) each
        var (heads, weights) = ScaledDotProductAttention.forward(q, k, v, mask);  // (B, T, E), (B, T, T)
        return (p.Out(heads), weights!);
    };

    /// <summary>
    /// The layer's output equals TorchSharp's <c>nn.MultiheadAttention(E, 1)</c> given the same (copied) projections,
    /// within 1e-4, on self-attention with a key padding mask (B = 2, T = E = 8; the second sequence has 3 real
    /// tokens). An independent reference for the whole layer: catches bugs in the projections (S = X Q^T), in the
    /// order of the products (V A), in the scores (Q added inside the softmax) and in the masking.
    /// </summary>
    /// <param name="layer">The layer under test.</param>
    public static void MatchesTorchMultiheadAttention(SelfAttentionLayer layer)
    {
        using var scope = NewDisposeScope();
        var (x, mask, p) = LayerInputs();
        using var torchLayer = nn.MultiheadAttention(8, 1);
        p.CopyTo(torchLayer);
        Tensor output;
        using (no_grad()) output = layer(x, mask, p).output;
        var xs = x.transpose(0, 1);                                              // (T, B, E): TorchSharp is sequence-first
        var (expected, _) = torchLayer.forward(xs, xs, xs, mask.squeeze(1).logical_not(), false, null);  // true = ignore
        expected = expected.transpose(0, 1);                                     // (B, T, E)
        if (!output.shape.SequenceEqual(expected.shape))
            Fail($"output shape ({string.Join(", ", output.shape)}) differs from nn.MultiheadAttention's ({string.Join(", ", expected.shape)})");
        var diff = (output - expected).abs().max().item<float>();
        if (!(diff <= 1e-4)) Fail($"output differs from nn.MultiheadAttention with the same weights by up to {diff:G3}");
    }

    /// <summary>
    /// Every projection (W_q, W_k, W_v, W_o and their biases except b_k) receives a non-zero gradient from a random
    /// linear function of the output. A parameter the layer never uses gets none: catches S = X Q^T, where the keys
    /// (W_k) are computed and dropped. b_k is exempt: it adds q·b_k to every score of a row, which the softmax cancels,
    /// so its true gradient is 0 (Vaswani et al.'s attention is blind to it, and so is PyTorch's).
    /// </summary>
    /// <param name="layer">The layer under test.</param>
    public static void EveryProjectionGetsAGradient(SelfAttentionLayer layer)
    {
        using var scope = NewDisposeScope();
        var (x, mask, p) = LayerInputs();
        var (output, _) = layer(x, mask, p);
        var probe = randn(output.shape, generator: new Generator(7));
        (output * probe).sum().backward();
        foreach (var (name, parameter) in p.Named().Where(n => n.name != "b_k"))
        {
            var norm = parameter.grad is null ? 0.0 : parameter.grad.norm().item<float>();
            if (!(norm > 1e-6)) Fail($"{name} receives no gradient (norm {norm:G3}): the layer never uses it, so it cannot learn");
        }
    }

    /// <summary>Self-attention inputs: x (2, 8, 8), key padding mask (2, 1, 8) with 8 and 3 real tokens, projections (seed 6).</summary>
    static (Tensor x, Tensor mask, AttentionProjections p) LayerInputs()
    {
        var x = randn([2, 8, 8], generator: new Generator(6));
        var mask = (arange(8).unsqueeze(0) < tensor(new long[] { 8, 3 }).unsqueeze(1)).unsqueeze(1);   // (2, 1, 8)
        return (x, mask, new AttentionProjections(8, seed: 6));
    }
}
