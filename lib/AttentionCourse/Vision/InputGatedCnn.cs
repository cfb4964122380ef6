using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Vision;

/// <summary>
/// Squeeze-and-excitation on the input channels, then a <see cref="SmallCnn"/>: y = body(s ⊙ x) with s = SE(x) (B, C_in).
/// The model of chapter 12's noisy-channel experiment (<see cref="Tasks.NoisyChannels"/>), where the gate's weights s say
/// which input channels the network lets through, to be ranked against the channel that really holds the image.
/// </summary>
public sealed class InputGatedCnn : nn.Module<Tensor, Tensor>
{
    /// <summary>The SE block over the input channels; its <c>channel_weights</c> (B, C_in) are kept for plotting.</summary>
    public readonly SqueezeExcitation gate;
    /// <summary>The classifier that reads the gated input.</summary>
    public readonly SmallCnn body;

    /// <summary>Creates the model.</summary>
    /// <param name="config">The body's shape; its <c>InChannels</c> is the gate's C.</param>
    /// <param name="reduction">r of the gate's bottleneck; default 1 (a handful of input channels needs no squeeze).</param>
    public InputGatedCnn(SmallCnnConfig config, long reduction = 1) : base(nameof(InputGatedCnn))
    {
        gate = new SqueezeExcitation(config.InChannels, reduction);
        body = new SmallCnn(config);
        RegisterComponents();
    }

    /// <summary>Class logits of the gated images.</summary>
    /// <param name="x">(B, C_in, H, W).</param>
    /// <returns>(B, classes).</returns>
    public override Tensor forward(Tensor x) => body.forward(gate.forward(x));   // (B, C_in, H, W) → (B, classes)
}
