using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>
/// Multi-head attention, MultiHead(Q, K, V) = Concat(head_1, ..., head_h) W^O with
/// head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V) (Vaswani et al. 2017, section 3.2.2).
/// Batch-first (B, T, E), unlike TorchSharp's sequence-first module, with PyTorch's names and parameters
/// (<c>in_proj_weight</c> (3E, E), <c>in_proj_bias</c> (3E), <c>out_proj</c>), so weights copy across one to one.
/// Masks are boolean with true = attend (see <see cref="MaskedSoftmax"/>). Used in chapters 03-05.
/// </summary>
public sealed class MultiheadAttention : nn.Module<Tensor, Tensor, Tensor, (Tensor output, Tensor? weights)>
{
    /// <summary>Model width E.</summary>
    public readonly long embed_dim;
    /// <summary>Number of heads h; E must be divisible by h.</summary>
    public readonly long num_heads;
    /// <summary>Per-head width d_k = E / h.</summary>
    public readonly long head_dim;
    /// <summary>Dropout probability on the attention weights during training.</summary>
    public readonly double dropout;
    /// <summary>Key feature size (default E).</summary>
    public readonly long kdim;
    /// <summary>Value feature size (default E).</summary>
    public readonly long vdim;

    /// <summary>Stacked W^Q, W^K, W^V, (3E, E); null when kdim or vdim differs from E.</summary>
    public readonly Parameter? in_proj_weight;
    /// <summary>Separate projections used when kdim or vdim differs from E: (E, E), (E, kdim), (E, vdim).</summary>
    public readonly Parameter? q_proj_weight, k_proj_weight, v_proj_weight;
    /// <summary>Stacked input biases (3E); null without bias.</summary>
    public readonly Parameter? in_proj_bias;
    /// <summary>Output projection W^O: E -> E.</summary>
    public readonly Linear out_proj;

    /// <summary>Creates the projections with PyTorch's initialisation: Xavier-uniform inputs, zero biases.</summary>
    /// <param name="embed_dim">Model width E.</param>
    /// <param name="num_heads">Number of heads h.</param>
    /// <param name="dropout">Attention-weight dropout; default 0.</param>
    /// <param name="bias">Add biases to the input and output projections; default true.</param>
    /// <param name="kdim">Key feature size; default E.</param>
    /// <param name="vdim">Value feature size; default E.</param>
    public MultiheadAttention(long embed_dim, long num_heads, double dropout = 0.0, bool bias = true,
        long? kdim = null, long? vdim = null) : base(nameof(MultiheadAttention))
    {
        if (embed_dim % num_heads != 0) throw new ArgumentException($"embed_dim {embed_dim} is not divisible by num_heads {num_heads}.");
        (this.embed_dim, this.num_heads, head_dim, this.dropout) = (embed_dim, num_heads, embed_dim / num_heads, dropout);
        (this.kdim, this.vdim) = (kdim ?? embed_dim, vdim ?? embed_dim);
        if (this.kdim == embed_dim && this.vdim == embed_dim)
            in_proj_weight = XavierParameter(3 * embed_dim, embed_dim);
        else
            (q_proj_weight, k_proj_weight, v_proj_weight) =
                (XavierParameter(embed_dim, embed_dim), XavierParameter(embed_dim, this.kdim), XavierParameter(embed_dim, this.vdim));
        if (bias) in_proj_bias = nn.Parameter(zeros(3 * embed_dim));
        out_proj = nn.Linear(embed_dim, embed_dim, hasBias: bias);
        if (bias) using (no_grad()) out_proj.bias!.zero_();
        RegisterComponents();
    }

    static Parameter XavierParameter(long rows, long cols) => nn.Parameter(nn.init.xavier_uniform_(empty(rows, cols)));

    /// <summary>Unmasked attention returning the output and per-head weights.</summary>
    public override (Tensor output, Tensor? weights) forward(Tensor query, Tensor key, Tensor value) =>
        forward(query, key, value, null);

    /// <summary>
    /// Projects, splits into heads, attends with <see cref="ScaledDotProductAttention"/>, merges and projects out.
    /// </summary>
    /// <param name="query">Queries (B, T, E).</param>
    /// <param name="key">Keys (B, S, kdim).</param>
    /// <param name="value">Values (B, S, vdim).</param>
    /// <param name="key_mask">Optional (B, S), true = a real key (the negation of PyTorch's <c>key_padding_mask</c>).</param>
    /// <param name="attn_mask">Optional (T, S) or (B, T, S), true = query t may attend to key s.</param>
    /// <param name="is_causal">Forbid attention to later keys; default false.</param>
    /// <param name="need_weights">Return per-head weights via the explicit path; false takes the fused kernel.</param>
    /// <returns>Output (B, T, E) and weights (B, h, T, S) (null when <paramref name="need_weights"/> is false).</returns>
    public (Tensor output, Tensor? weights) forward(Tensor query, Tensor key, Tensor value, Tensor? key_mask,
        Tensor? attn_mask = null, bool is_causal = false, bool need_weights = true)
    {
        using var scope = NewDisposeScope();
        var (B, T, S) = (query.shape[0], query.shape[1], key.shape[1]);
        var (q, k, v) = Project(query, key, value);                          // (B, T, E), (B, S, E), (B, S, E)
        q = q.view(B, T, num_heads, head_dim).transpose(1, 2);                // (B, h, T, d_k)
        k = k.view(B, S, num_heads, head_dim).transpose(1, 2);                // (B, h, S, d_k)
        v = v.view(B, S, num_heads, head_dim).transpose(1, 2);                // (B, h, S, d_k)

        var mask = Masks.Combine(
            key_mask?.view(B, 1, 1, S),                                        // (B, 1, 1, S)
            attn_mask is null ? null : attn_mask.dim() == 2 ? attn_mask : attn_mask.unsqueeze(1)); // (T, S) or (B, 1, T, S)
        var (heads, weights) = ScaledDotProductAttention.forward(q, k, v, mask, is_causal,
            training ? dropout : 0.0, fused: !need_weights);                  // (B, h, T, d_k), (B, h, T, S)

        var merged = heads.transpose(1, 2).reshape(B, T, embed_dim);          // (B, T, E)
        var output = out_proj.forward(merged);                                // (B, T, E)
        return (output.MoveToOuterDisposeScope(), weights?.MoveToOuterDisposeScope());
    }

    /// <summary>Q = X W^Q + b^Q etc. Self-attention (one tensor for all three) takes one fused (3E, E) matmul.</summary>
    (Tensor q, Tensor k, Tensor v) Project(Tensor query, Tensor key, Tensor value)
    {
        var E = embed_dim;
        Tensor? Bias(int i) => in_proj_bias?.narrow(0, i * E, E);
        if (in_proj_weight is null)
            return (nn.functional.linear(query, q_proj_weight!, Bias(0)),
                    nn.functional.linear(key, k_proj_weight!, Bias(1)),
                    nn.functional.linear(value, v_proj_weight!, Bias(2)));
        if (ReferenceEquals(query, key) && ReferenceEquals(key, value))
        {
            var (B, T) = (query.shape[0], query.shape[1]);
            var qkv = nn.functional.linear(query, in_proj_weight, in_proj_bias)  // (B, T, 3E)
                .view(B, T, 3, E).permute(2, 0, 1, 3).contiguous();            // (3, B, T, E)
            return (qkv[0], qkv[1], qkv[2]);
        }
        Tensor W(int i) => in_proj_weight.narrow(0, i * E, E);                 // (E, E)
        return (nn.functional.linear(query, W(0), Bias(0)),
                nn.functional.linear(key, W(1), Bias(1)),
                nn.functional.linear(value, W(2), Bias(2)));
    }

    /// <summary>
    /// Parameter count 4E^2 + 4E with bias (W^Q, W^K, W^V, W^O and their biases), 4E^2 without;
    /// with kdim/vdim: E^2 + E kdim + E vdim + E^2 (+ 4E). Used in chapter 03.
    /// </summary>
    public static long ParameterCount(long embed_dim, bool bias = true, long? kdim = null, long? vdim = null)
    {
        var E = embed_dim;
        return E * E + E * (kdim ?? E) + E * (vdim ?? E) + E * E + (bias ? 4 * E : 0);
    }

    /// <summary>
    /// Forward FLOPs of one call, counting a multiply-add as 2: projections 2BTE^2 (Q) + 2BSE(kdim + vdim) (K, V)
    /// + 2BTE^2 (out), plus attention 2BTSE (Q K^T) + 2BTSE (weights times V). Softmax and biases are ignored
    /// (lower order). A training step costs about 3 times this (backward is about twice forward). Used in chapters 03 and 19.
    /// </summary>
    public static double Flops(long B, long T, long S, long embed_dim, long? kdim = null, long? vdim = null)
    {
        double E = embed_dim;
        var projections = 2.0 * B * T * E * E + 2.0 * B * S * E * ((kdim ?? embed_dim) + (vdim ?? embed_dim)) + 2.0 * B * T * E * E;
        var attention = 4.0 * B * T * S * E;
        return projections + attention;
    }
}
