using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Transformer;

/// <summary>
/// Position-wise feed-forward network FFN(x) = max(0, x W_1 + b_1) W_2 + b_2 (Vaswani et al. 2017, eq. 2),
/// with dropout after the ReLU as in PyTorch's <c>TransformerEncoderLayer</c>. Used in chapter 05.
/// </summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    /// <summary>W_1: embed_dim -> dim_feedforward.</summary>
    public readonly Linear linear1;
    /// <summary>W_2: dim_feedforward -> embed_dim.</summary>
    public readonly Linear linear2;
    readonly Dropout drop;

    /// <summary>Creates the two layers.</summary>
    /// <param name="embed_dim">Model width E.</param>
    /// <param name="dim_feedforward">Hidden width, 4E in the paper.</param>
    /// <param name="dropout">Dropout after the ReLU; default 0.</param>
    public FeedForward(long embed_dim, long dim_feedforward, double dropout = 0.0) : base(nameof(FeedForward))
    {
        linear1 = nn.Linear(embed_dim, dim_feedforward);
        linear2 = nn.Linear(dim_feedforward, embed_dim);
        drop = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>Applies the FFN to every position independently.</summary>
    /// <param name="x">(B, T, E).</param>
    /// <returns>(B, T, E).</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return linear2.forward(drop.forward(nn.functional.relu(linear1.forward(x)))).MoveToOuterDisposeScope();
    }
}
