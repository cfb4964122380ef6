using AttentionCourse.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Gpt;

/// <summary>
/// Multi-head causal self-attention, nanoGPT's layout (<c>c_attn</c> makes Q, K, V in one (3E, E) matmul,
/// <c>c_proj</c> mixes the heads): head_i = softmax(Q_i K_i^T / √d_k + causal mask) V_i (Vaswani et al. 2017, Eq. 1;
/// Radford et al. 2018). With a <see cref="KVCache"/> the new tokens' queries attend to the cached keys too, and
/// query t (absolute position p0 + t) sees keys 0..p0 + t. Used in chapter 10.
/// </summary>
public sealed class CausalSelfAttention : nn.Module<Tensor, Tensor>
{
    /// <summary>Q, K, V projection E -> 3E.</summary>
    public readonly Linear c_attn;
    /// <summary>Output projection E -> E.</summary>
    public readonly Linear c_proj;
    /// <summary>Heads h and width E.</summary>
    public readonly long num_heads, embed_dim;
    readonly double dropout;
    readonly Dropout resid_drop;

    readonly KeptWeights kept = new();

    /// <summary>Weights (B, h, T, S) of the latest forward when <see cref="need_weights"/> is on; else null.</summary>
    public Tensor? attention_weights => kept.Value;
    /// <summary>
    /// Keep the weights of each forward for plotting (PyTorch's flag name; the explicit path). Off by default, unlike the
    /// Transformer blocks: generation runs many forwards, and off takes the fused kernel.
    /// </summary>
    public bool need_weights { get; set; }

    /// <summary>Creates the projections.</summary>
    /// <param name="embed_dim">Width E, divisible by <paramref name="num_heads"/>.</param>
    /// <param name="num_heads">Heads h.</param>
    /// <param name="dropout">Dropout on weights and output; default 0.</param>
    public CausalSelfAttention(long embed_dim, long num_heads, double dropout = 0.0) : base(nameof(CausalSelfAttention))
    {
        if (embed_dim % num_heads != 0) throw new ArgumentException($"embed_dim {embed_dim} is not divisible by num_heads {num_heads}.");
        (this.embed_dim, this.num_heads, this.dropout) = (embed_dim, num_heads, dropout);
        c_attn = nn.Linear(embed_dim, 3 * embed_dim);
        c_proj = nn.Linear(embed_dim, embed_dim);
        resid_drop = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>Self-attention over x alone, causal.</summary>
    /// <param name="x">(B, T, E).</param>
    public override Tensor forward(Tensor x) => forward(x, null, 0);

    /// <summary>Self-attention of the new tokens over the cached ones and themselves.</summary>
    /// <param name="x">New tokens (B, T, E).</param>
    /// <param name="cache">Cache to read and extend, or null.</param>
    /// <param name="layer">This layer's index in the cache.</param>
    /// <returns>(B, T, E).</returns>
    public Tensor forward(Tensor x, KVCache? cache, int layer)
    {
        using var scope = NewDisposeScope();
        var (B, T, d_k) = (x.shape[0], x.shape[1], embed_dim / num_heads);
        var qkv = c_attn.forward(x).chunk(3, -1);                               // 3 x (B, T, E)
        var q = qkv[0].view(B, T, num_heads, d_k).transpose(1, 2);             // (B, h, T, d_k)
        var k = qkv[1].view(B, T, num_heads, d_k).transpose(1, 2);             // (B, h, T, d_k)
        var v = qkv[2].view(B, T, num_heads, d_k).transpose(1, 2);             // (B, h, T, d_k)
        if (cache is not null) (k, v) = cache.Append(layer, k, v);             // (B, h, S, d_k), S = past + T
        long past = k.shape[2] - T;

        var mask = Masks.CausalWithPast(T, past, x.device);                    // (T, S)
        var (y, weights) = ScaledDotProductAttention.forward(q, k, v, mask,
            dropout_p: training ? dropout : 0.0, fused: !need_weights);        // (B, h, T, d_k)
        kept.Set(weights);
        y = y.transpose(1, 2).reshape(B, T, embed_dim);                        // (B, T, E)
        return resid_drop.forward(c_proj.forward(y)).MoveToOuterDisposeScope();
    }
}
