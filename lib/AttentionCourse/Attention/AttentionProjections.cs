using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>
/// A one-head self-attention layer under test, written from its parameters: x (B, T, E), a mask broadcastable to
/// (B, T, T) with true = attend (chapter 06 passes a key padding mask (B, 1, T)) or null, and the projections
/// <paramref name="p"/>; returns (output (B, T, E), weights (B, T, T)). Unlike an <see cref="AttentionFunction"/>,
/// which receives q, k, v already projected, a layer sees the input x, so bugs in the projections (S = X Q^T)
/// can happen, and be caught, here (chapter 06).
/// </summary>
public delegate (Tensor output, Tensor weights) SelfAttentionLayer(Tensor x, Tensor? mask, AttentionProjections p);

/// <summary>
/// The four projections of one-head attention in PyTorch's layout, each used as x W^T + b:
/// Q = x W_q^T + b_q, K = x W_k^T + b_k, V = x W_v^T + b_v, output = heads W_o^T + b_o (Vaswani et al. 2017, 3.2.2
/// with h = 1). Leaf tensors that require gradients, so a check can see which of them a layer really uses, and
/// that copy one to one into TorchSharp's <c>nn.MultiheadAttention(E, 1)</c>. Used in chapter 06.
/// </summary>
public sealed class AttentionProjections
{
    /// <summary>Projection matrices, each (E, E).</summary>
    public readonly Tensor W_q, W_k, W_v, W_o;
    /// <summary>Projection biases, each (E).</summary>
    public readonly Tensor b_q, b_k, b_v, b_o;

    /// <summary>Random projections (entries N(0, 1/E), biases N(0, 0.1^2), so a dropped bias shows), from a seeded generator.</summary>
    /// <param name="E">Model width.</param>
    /// <param name="seed">Seed of the generator.</param>
    public AttentionProjections(long E, int seed = 0)
    {
        var g = new Generator((ulong)seed);
        Tensor W() => (randn([E, E], generator: g) / Math.Sqrt(E)).requires_grad_();
        Tensor B() => (randn([E], generator: g) * 0.1).requires_grad_();
        (W_q, W_k, W_v, W_o) = (W(), W(), W(), W());
        (b_q, b_k, b_v, b_o) = (B(), B(), B(), B());
    }

    /// <summary>Q, K, V = x W^T + b for the three input projections: each (B, T, E) from x (B, T, E).</summary>
    /// <param name="x">Input (B, T, E).</param>
    public (Tensor q, Tensor k, Tensor v) Project(Tensor x) =>
        (nn.functional.linear(x, W_q, b_q), nn.functional.linear(x, W_k, b_k), nn.functional.linear(x, W_v, b_v));

    /// <summary>The output projection h W_o^T + b_o: (B, T, E) to (B, T, E).</summary>
    /// <param name="h">Attention output before the projection (B, T, E).</param>
    public Tensor Out(Tensor h) => nn.functional.linear(h, W_o, b_o);

    /// <summary>Every parameter with its name, in the order W_q, W_k, W_v, W_o, b_q, b_k, b_v, b_o.</summary>
    public IReadOnlyList<(string name, Tensor parameter)> Named() =>
        [("W_q", W_q), ("W_k", W_k), ("W_v", W_v), ("W_o", W_o), ("b_q", b_q), ("b_k", b_k), ("b_v", b_v), ("b_o", b_o)];

    /// <summary>Copies the projections into TorchSharp's <c>nn.MultiheadAttention(E, 1)</c> (in_proj_weight = [W_q; W_k; W_v]).</summary>
    /// <param name="module">A one-head TorchSharp module of the same width.</param>
    public void CopyTo(TorchSharp.Modules.MultiheadAttention module)
    {
        var p = module.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        using var noGrad = no_grad();
        p["in_proj_weight"].copy_(cat([W_q, W_k, W_v], 0));
        p["in_proj_bias"].copy_(cat([b_q, b_k, b_v], 0));
        p["out_proj.weight"].copy_(W_o);
        p["out_proj.bias"].copy_(b_o);
    }
}
