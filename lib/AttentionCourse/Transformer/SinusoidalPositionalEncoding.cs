using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Transformer;

/// <summary>
/// Fixed sinusoidal positional encoding (Vaswani et al. 2017, section 3.5):
/// PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(pos / 10000^(2i/d)), added to the embeddings.
/// For any offset k, PE(pos + k) is a rotation of PE(pos) in each (2i, 2i+1) plane. Used in chapters 04-05.
/// </summary>
public sealed class SinusoidalPositionalEncoding : nn.Module<Tensor, Tensor>
{
    readonly Tensor P;
    readonly Dropout drop;

    /// <summary>Precomputes the table for <paramref name="max_len"/> positions.</summary>
    /// <param name="embed_dim">Model width d (even).</param>
    /// <param name="dropout">Dropout after the addition; default 0.</param>
    /// <param name="max_len">Longest sequence supported; default 1000.</param>
    public SinusoidalPositionalEncoding(long embed_dim, double dropout = 0.0, long max_len = 1000)
        : base(nameof(SinusoidalPositionalEncoding))
    {
        P = Table(max_len, embed_dim).unsqueeze(0);                           // (1, max_len, d)
        drop = nn.Dropout(dropout);
        register_buffer("P", P, persistent: false);
        RegisterComponents();
    }

    /// <summary>The table PE, (max_len, embed_dim), by the formula in the class summary.</summary>
    public static Tensor Table(long max_len, long embed_dim)
    {
        using var scope = NewDisposeScope();
        var pos = arange(max_len, dtype: float32).unsqueeze(1);               // (max_len, 1)
        var freq = pow(10000f, -arange(0, embed_dim, 2, dtype: float32) / embed_dim); // (d/2): 10000^(-2i/d)
        var angles = pos * freq;                                              // (max_len, d/2)
        var table = stack([angles.sin(), angles.cos()], dim: -1);             // (max_len, d/2, 2)
        return table.reshape(max_len, embed_dim).MoveToOuterDisposeScope();   // (max_len, d): sin, cos interleaved
    }

    /// <summary>x + PE[:T], then dropout.</summary>
    /// <param name="x">Embeddings (B, T, d).</param>
    /// <returns>(B, T, d).</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var pe = P.narrow(1, 0, x.shape[1]).to(x.device);                      // (1, T, d)
        return drop.forward(x + pe).MoveToOuterDisposeScope();
    }
}
