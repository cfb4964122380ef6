using AttentionCourse.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions of the chapter 12 exercises (notebooks/12-channel-and-spatial-attention.ipynb).</summary>
public static class Chapter12
{
    /// <summary>Exercise 12.1: squeeze-and-excitation's channel weights s = σ(fc2(ReLU(fc1(mean_{h,w} x)))).</summary>
    /// <param name="x">(B, C, H, W).</param>
    /// <param name="fc1">C → C / r.</param>
    /// <param name="fc2">C / r → C.</param>
    /// <returns>(B, C) in (0, 1).</returns>
    public static Tensor ExcitationWeights(Tensor x, Linear fc1, Linear fc2)
    {
        var z = x.mean([2, 3]);                                                // (B, C)
        return fc2.forward(nn.functional.relu(fc1.forward(z))).sigmoid();      // (B, C)
    }

    /// <summary>Exercise 12.2: CBAM's spatial descriptor, the channel-wise mean and max stacked, [mean_c F; max_c F].</summary>
    /// <param name="f">(B, C, H, W).</param>
    /// <returns>(B, 2, H, W).</returns>
    public static Tensor SpatialDescriptor(Tensor f) => cat([f.mean([1], keepdim: true), f.amax([1], keepdim: true)], 1);

    /// <summary>Exercise 12.3: the share of a full-resolution map's mass inside a box, Σ_box m / Σ m.</summary>
    /// <param name="map">(H, W), non-negative.</param>
    /// <param name="box">The box in pixels.</param>
    public static double ShareInside(Tensor map, Box box)
    {
        var inside = map[box.Top..(box.Top + box.Height), box.Left..(box.Left + box.Width)].sum();
        return (inside / map.sum()).item<float>();
    }

    /// <summary>
    /// Exercise 12.4: a gradient check. The largest difference between the input gradients of a float32 function and of
    /// its float64 twin, both for the loss Σ f(x) ⊙ g with the same upstream gradient g: max |∂L₃₂/∂x − ∂L₆₄/∂x|.
    /// A non-finite float32 gradient (NaN or inf) gives +∞, so a broken backward can never pass for a small error.
    /// </summary>
    /// <param name="f32">The function in float32.</param>
    /// <param name="f64">The same function in float64, the reference.</param>
    /// <param name="x">The input, any shape.</param>
    /// <param name="upstream">g, the shape of f(x).</param>
    public static double InputGradientError(Func<Tensor, Tensor> f32, Func<Tensor, Tensor> f64, Tensor x, Tensor upstream)
    {
        var x32 = x.detach().to(float32).requires_grad_(true);
        (f32(x32) * upstream.to(float32)).sum().backward();
        var x64 = x.detach().to(float64).requires_grad_(true);
        (f64(x64) * upstream.to(float64)).sum().backward();
        var diff = (x32.grad!.to(float64) - x64.grad!).abs();                   // same shape as x
        return diff.isfinite().all().item<bool>() ? diff.max().item<double>() : double.PositiveInfinity;
    }
}
