using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Gpt;

/// <summary>
/// One pre-LN decoder-only block (GPT-2; Radford et al. 2019): x = x + Attn(LN(x)); x = x + MLP(LN(x)),
/// with MLP(x) = W_2 GELU(W_1 x), hidden width 4E. Used in chapter 10.
/// </summary>
public sealed class GptBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>LayerNorms before attention and MLP.</summary>
    public readonly LayerNorm ln_1, ln_2;
    /// <summary>Causal self-attention.</summary>
    public readonly CausalSelfAttention attn;
    /// <summary>MLP layers E -> 4E -> E.</summary>
    public readonly Linear c_fc, c_proj;
    readonly Dropout drop;

    /// <summary>Creates the block.</summary>
    /// <param name="embed_dim">Width E.</param>
    /// <param name="num_heads">Heads.</param>
    /// <param name="dropout">Dropout; default 0.</param>
    public GptBlock(long embed_dim, long num_heads, double dropout = 0.0) : base(nameof(GptBlock))
    {
        (ln_1, ln_2) = (nn.LayerNorm(embed_dim), nn.LayerNorm(embed_dim));
        attn = new CausalSelfAttention(embed_dim, num_heads, dropout);
        (c_fc, c_proj) = (nn.Linear(embed_dim, 4 * embed_dim), nn.Linear(4 * embed_dim, embed_dim));
        drop = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>The block without a cache.</summary>
    /// <param name="x">(B, T, E).</param>
    public override Tensor forward(Tensor x) => forward(x, null, 0);

    /// <summary>The block, reading and extending <paramref name="cache"/> when given.</summary>
    /// <param name="x">(B, T, E).</param>
    /// <param name="cache">Cache or null.</param>
    /// <param name="layer">This block's index.</param>
    /// <returns>(B, T, E).</returns>
    public Tensor forward(Tensor x, KVCache? cache, int layer)
    {
        using var scope = NewDisposeScope();
        x = x + attn.forward(ln_1.forward(x), cache, layer);
        x = x + drop.forward(c_proj.forward(nn.functional.gelu(c_fc.forward(ln_2.forward(x)))));
        return x.MoveToOuterDisposeScope();
    }
}
