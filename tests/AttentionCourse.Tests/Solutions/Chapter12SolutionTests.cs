using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using AttentionCourse.Tasks;
using AttentionCourse.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter12SolutionTests
{
    public Chapter12SolutionTests() => T.Init();

    [Fact]
    public void Excitation_weights_solution_equals_the_library_blocks_kept_weights()
    {
        var se = new SqueezeExcitation(8, 4);
        var x = randn(3, 8, 5, 5);
        se.forward(x);
        Check.Strict.Close("12.1", () => Chapter12.ExcitationWeights(x, se.fc1, se.fc2), se.channel_weights!);
    }

    [Fact]
    public void Spatial_descriptor_solution_gives_the_map_whose_convolution_is_cbam_spatial_weight()
    {
        var cbam = new Cbam(4, 2);
        using (no_grad()) { cbam.fc2.weight!.zero_(); cbam.fc2.bias!.fill_(1000); }   // channel weights σ(2000) = 1: F' = F
        var x = randn(2, 4, 6, 6);
        cbam.forward(x);
        var expected = cbam.spatial.forward(Chapter12.SpatialDescriptor(x)).sigmoid().squeeze(1);
        T.Close(cbam.spatial_weights!, expected, 1e-6);
        Check.Strict.Function("12.2", a => Chapter12.SpatialDescriptor(a[0]),
            a => stack([a[0].mean([1]), a[0].max(1).values], 1), [[2, 5, 4, 4]]);
    }

    [Fact]
    public void Share_inside_solution_agrees_with_box_mass_at_full_resolution_and_with_a_hand_sum()
    {
        var map = rand(12, 12);
        var box = new Box(2, 3, 5, 4);
        Check.Strict.Close("12.3", () => Chapter12.ShareInside(map, box), BoxMass.ShareInside(map.unsqueeze(0), [box], 12)[0], 1e-5);
        var m = map.data<float>().ToArray();
        double inside = 0;
        for (int r = 2; r < 7; r++) for (int c = 3; c < 7; c++) inside += m[r * 12 + c];
        Assert.Equal(inside / m.Sum(), Chapter12.ShareInside(map, box), 5);
    }

    [Fact]
    public void Input_gradient_error_solution_is_the_hand_computed_gap_between_two_known_derivatives()
    {
        var x = randn(4, 3, dtype: float64);
        var g = randn(4, 3, dtype: float64);
        // d/dx Σ x² g = 2 x g and d/dx Σ x³ g = 3 x² g, so the error is max |2 x g − 3 x² g|.
        var xs = x.data<double>().ToArray();
        var gs = g.data<double>().ToArray();
        var expected = xs.Zip(gs, (a, b) => Math.Abs(2 * a * b - 3 * a * a * b)).Max();
        Check.Strict.Close("12.4", () => Chapter12.InputGradientError(v => v * v, v => v * v * v, x, g), expected, 1e-5);
        Assert.True(Chapter12.InputGradientError(v => v * v, v => v * v, x, g) < 1e-6, "the same function must agree");
    }

    [Fact]
    public void Input_gradient_error_solution_reports_a_non_finite_float32_gradient_as_infinite()
    {
        var x = tensor(new double[] { 0, 1, 2 });
        Assert.Equal(double.PositiveInfinity, Chapter12.InputGradientError(v => v.sqrt(), v => v.sqrt(), x, ones(3)));
    }

    [Fact]
    public void Input_gradient_error_solution_passes_cbam_against_its_float64_copy()
    {
        var cbam = new Cbam(16, 4);
        var cbam64 = new Cbam(16, 4);
        using (no_grad()) foreach (var (p, q) in cbam.parameters().Zip(cbam64.parameters())) q.copy_(p);
        cbam64.to(float64);
        var x = rand(8, 16, 14, 14);
        var error = Chapter12.InputGradientError(cbam.forward, cbam64.forward, x, randn(8, 16, 14, 14));
        Assert.True(error < 1e-4, $"CBAM float32 vs float64 input gradient error {error}");
    }
}

