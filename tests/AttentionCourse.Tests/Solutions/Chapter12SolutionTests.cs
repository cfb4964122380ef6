using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using AttentionCourse.Tasks;
using AttentionCourse.Vision;
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
}
