using AttentionCourse.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Vision;

/// <summary>
/// The convolutional block attention module (Woo et al. 2018, Eq. 1-3): channel attention, then spatial attention.
/// Channel: M_c = σ(MLP(AvgPool(F)) + MLP(MaxPool(F))) (B, C), one MLP (fc1, fc2) shared by both pools, F' = M_c ⊗ F.
/// Spatial: M_s = σ(conv_k([mean_c F'; max_c F'])) (B, H, W), F'' = M_s ⊗ F'; the convolution uses <c>spatial</c>'s weight through
/// an explicit im2col (see <see cref="SpatialLogits"/>). Chapter 12.
/// </summary>
public sealed class Cbam : nn.Module<Tensor, Tensor>
{
    /// <summary>The shared channel MLP's first layer, C → C / reduction.</summary>
    public readonly Linear fc1;
    /// <summary>The shared channel MLP's second layer, C / reduction → C.</summary>
    public readonly Linear fc2;
    /// <summary>The spatial attention's convolution: 2 maps (channel mean, channel max) → 1, k × k, same padding, no bias.</summary>
    public readonly Conv2d spatial;
    readonly KeptWeights keptChannel = new(), keptSpatial = new();

    /// <summary>Keep both maps of the latest forward for plotting. Default true.</summary>
    public bool need_weights { get; set; } = true;
    /// <summary>The channel weights M_c (B, C) of the latest forward, or null.</summary>
    public Tensor? channel_weights => keptChannel.Value;
    /// <summary>The spatial map M_s (B, H, W) of the latest forward, or null.</summary>
    public Tensor? spatial_weights => keptSpatial.Value;

    /// <summary>Creates the module.</summary>
    /// <param name="channels">C.</param>
    /// <param name="reduction">r of the shared MLP (the paper uses 16); hidden width max(1, C / r).</param>
    /// <param name="kernel_size">k of the spatial convolution, odd; default 7 (the paper's best).</param>
    public Cbam(long channels, long reduction, long kernel_size = 7) : base(nameof(Cbam))
    {
        var hidden = Math.Max(1, channels / reduction);
        fc1 = nn.Linear(channels, hidden);
        fc2 = nn.Linear(hidden, channels);
        spatial = nn.Conv2d(2, 1, kernel_size, padding: kernel_size / 2, bias: false);
        RegisterComponents();
    }

    /// <summary>Channel attention, then spatial attention.</summary>
    /// <param name="x">F, (B, C, H, W).</param>
    /// <returns>F'', (B, C, H, W).</returns>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        Tensor Mlp(Tensor v) => fc2.forward(nn.functional.relu(fc1.forward(v)));   // (B, C) → (B, C)
        var avg = x.mean([2, 3]);                                               // (B, C)
        var max = x.flatten(2).max(2).values;                                  // (B, C)
        var mc = (Mlp(avg) + Mlp(max)).sigmoid();                               // (B, C)
        var f1 = x * mc.unsqueeze(-1).unsqueeze(-1);                            // (B, C, H, W)
        var pooled = cat([f1.mean([1], keepdim: true), f1.max(1, keepdim: true).values], 1);  // (B, 2, H, W)
        var ms = SpatialLogits(pooled).sigmoid();                               // (B, 1, H, W)
        keptChannel.Set(need_weights ? mc : null);
        keptSpatial.Set(need_weights ? ms.squeeze(1) : null);                   // (B, H, W)
        return (f1 * ms).MoveToOuterDisposeScope();                             // (B, C, H, W)
    }

    /// <summary>
    /// <c>spatial</c>'s k × k convolution written as im2col: each position's 2k² neighbours (zero padded) times the flattened
    /// kernel. It equals <c>spatial.forward(pooled)</c>, which is not used because libtorch's float32 CPU conv2d in
    /// TorchSharp-cpu 0.107 returns a wrong gradient with respect to its input (sometimes NaN or inf from uninitialised
    /// memory) when the convolution has few channels, as this 2 → 1 one does; its weight gradient is right.
    /// </summary>
    /// <param name="pooled">[mean_c F'; max_c F'], (B, 2, H, W).</param>
    /// <returns>The logits of M_s, (B, 1, H, W).</returns>
    Tensor SpatialLogits(Tensor pooled)
    {
        long b = pooled.shape[0], h = pooled.shape[2], w = pooled.shape[3], k = spatial.weight!.shape[2];
        var columns = nn.functional.unfold(pooled, k, padding: k / 2);        // (B, 2k², H W)
        return spatial.weight!.flatten(1).matmul(columns).view(b, 1, h, w);    // (1, 2k²) @ (B, 2k², HW) → (B, 1, H, W)
    }
}
