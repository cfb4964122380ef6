using AttentionCourse.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Vision;

/// <summary>
/// Squeeze-and-excitation (Hu et al. 2018, Eq. 2-4): squeeze each channel to its spatial mean, z = GAP(x) (B, C);
/// excite with a bottleneck MLP, s = σ(fc2(ReLU(fc1(z)))) (B, C), fc1: C → C/r, fc2: C/r → C; rescale each channel,
/// y = s_c · x_c. One weight in (0, 1) per channel and image: channel attention. Chapter 12.
/// </summary>
public sealed class SqueezeExcitation : nn.Module<Tensor, Tensor>
{
    /// <summary>The squeeze MLP's first layer, C → C / reduction.</summary>
    public readonly Linear fc1;
    /// <summary>The second layer, C / reduction → C.</summary>
    public readonly Linear fc2;
    readonly KeptWeights kept = new();

    /// <summary>Keep the channel weights of the latest forward for plotting. Default true.</summary>
    public bool need_weights { get; set; } = true;
    /// <summary>The channel weights s (B, C) of the latest forward, or null.</summary>
    public Tensor? channel_weights => kept.Value;

    /// <summary>Creates the block.</summary>
    /// <param name="channels">C, the channels of the input.</param>
    /// <param name="reduction">r, the bottleneck ratio (the paper uses 16); the hidden width is max(1, C / r).</param>
    public SqueezeExcitation(long channels, long reduction) : base(nameof(SqueezeExcitation))
    {
        var hidden = Math.Max(1, channels / reduction);
        fc1 = nn.Linear(channels, hidden);
        fc2 = nn.Linear(hidden, channels);
        RegisterComponents();
    }

    /// <summary>Rescales each channel by its excitation weight.</summary>
    /// <param name="x">(B, C, H, W).</param>
    /// <returns>(B, C, H, W).</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var z = x.mean([2, 3]);                                               // (B, C) squeeze
        var s = fc2.forward(nn.functional.relu(fc1.forward(z))).sigmoid();       // (B, C) excitation
        kept.Set(need_weights ? s : null);
        return (x * s.unsqueeze(-1).unsqueeze(-1)).MoveToOuterDisposeScope(); // (B, C, H, W)
    }
}
