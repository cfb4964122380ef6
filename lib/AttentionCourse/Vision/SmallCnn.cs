using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Vision;

/// <summary>Which attention module follows each convolution of a <see cref="SmallCnn"/>.</summary>
public enum ConvAttention
{
    /// <summary>None: the plain CNN.</summary>
    None,
    /// <summary><see cref="Vision.SqueezeExcitation"/> (channel attention).</summary>
    SqueezeExcitation,
    /// <summary><see cref="Vision.Cbam"/> (channel, then spatial attention).</summary>
    Cbam,
}

/// <summary>A <see cref="SmallCnn"/>'s shape. Immutable; defaults make the chapter 12 model.</summary>
/// <param name="Attention">The attention module after each convolution; default none.</param>
/// <param name="Channels">Output channels of each 3 × 3 convolution block; default [16, 32].</param>
/// <param name="Reduction">r of the SE / CBAM bottleneck; default 4 (small C needs a smaller r than the paper's 16).</param>
/// <param name="InChannels">Input channels; default 1 (grey).</param>
/// <param name="Classes">Output classes; default 10.</param>
public sealed record SmallCnnConfig(ConvAttention Attention = ConvAttention.None, long[]? Channels = null, long Reduction = 4,
    long InChannels = 1, long Classes = 10)
{
    /// <summary>The block widths, [16, 32] when <see cref="Channels"/> is null.</summary>
    public long[] Widths => Channels ?? [16, 32];
}

/// <summary>
/// A small CNN: blocks of conv 3 × 3 → batch norm → ReLU → optional attention (SE or CBAM) → 2 × 2 max pool, then global average
/// pooling and a linear classifier. The baseline of chapters 12 and 13, and the host of SE and CBAM in chapter 12.
/// </summary>
public sealed class SmallCnn : nn.Module<Tensor, Tensor>
{
    /// <summary>The convolutions, one per block.</summary>
    public readonly ModuleList<Conv2d> convs;
    /// <summary>Batch normalisation after each convolution.</summary>
    public readonly ModuleList<BatchNorm2d> norms;
    /// <summary>The attention module of each block (empty for the plain CNN).</summary>
    public readonly ModuleList<nn.Module<Tensor, Tensor>> attention;
    /// <summary>The classifier on the pooled features.</summary>
    public readonly Linear head;

    /// <summary>Creates the network.</summary>
    /// <param name="config">Its shape.</param>
    public SmallCnn(SmallCnnConfig config) : base(nameof(SmallCnn))
    {
        convs = new ModuleList<Conv2d>();
        attention = new ModuleList<nn.Module<Tensor, Tensor>>();
        norms = new ModuleList<BatchNorm2d>();
        var inC = config.InChannels;
        foreach (var c in config.Widths)
        {
            convs.Add(nn.Conv2d(inC, c, 3, padding: 1));
            norms.Add(nn.BatchNorm2d(c));
            if (config.Attention == ConvAttention.SqueezeExcitation) attention.Add(new SqueezeExcitation(c, config.Reduction));
            if (config.Attention == ConvAttention.Cbam) attention.Add(new Cbam(c, config.Reduction));
            inC = c;
        }
        head = nn.Linear(inC, config.Classes);
        RegisterComponents();
    }

    /// <summary>Class logits.</summary>
    /// <param name="x">Images (B, C_in, H, W).</param>
    /// <returns>(B, classes).</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        for (int i = 0; i < convs.Count; i++)
        {
            x = nn.functional.relu(norms[i].forward(convs[i].forward(x)));   // (B, C_i, H_i, W_i)
            if (attention.Count > 0) x = attention[i].forward(x);         // (B, C_i, H_i, W_i) reweighted
            x = nn.functional.max_pool2d(x, 2);                              // (B, C_i, H_i/2, W_i/2)
        }
        return head.forward(x.mean([2, 3])).MoveToOuterDisposeScope();    // (B, classes)
    }
}
