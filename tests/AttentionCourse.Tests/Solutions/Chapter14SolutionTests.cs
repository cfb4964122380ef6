using AttentionCourse.Exercises;
using AttentionCourse.Localisation;
using AttentionCourse.Solutions;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter14SolutionTests
{
    public Chapter14SolutionTests() => T.Init();

    [Fact]
    public void Mil_weights_solution_equals_the_pooling_module()
    {
        var pool = new AttentionMilPooling(8, 5);
        Check.Strict.Function("14.1", a => Chapter14.MilWeights(a[0], pool.V.weight!, pool.w.weight!), a => pool.forward(a[0]).weights, [[3, 9, 8]]);
    }

    [Fact]
    public void Iou_solution_equals_the_library_on_random_boxes()
    {
        var random = new Random(4);
        for (int i = 0; i < 200; i++)
        {
            int t = random.Next(10), l = random.Next(10), t2 = random.Next(10), l2 = random.Next(10);
            var a = (t, l, t + 1 + random.Next(8), l + 1 + random.Next(8));
            var b = (t2, l2, t2 + 1 + random.Next(8), l2 + 1 + random.Next(8));
            Check.Strict.Close("14.2", () => Chapter14.IoU(a, b), new PixelBox(a.t, a.l, a.Item3, a.Item4).IoU(new PixelBox(b.t2, b.l2, b.Item3, b.Item4)), 1e-12);
        }
    }

    [Fact]
    public void Threshold_solution_equals_the_library_choice()
    {
        var random = new Random(5);
        var set = MarkedPatches.Generate(40, seed: 9);
        var maps = Enumerable.Range(0, 40).Select(i => Enumerable.Range(0, 36)
            .Select(k => (set.PatchLabels[i, k].item<bool>() ? 1.0 : 0.0) + random.NextDouble()).ToArray()).ToList();
        double[] candidates = [0.1, 0.3, 0.5, 0.7, 0.9];
        Check.Strict.Close("14.3", () => Chapter14.ChooseThreshold(maps, set.Boxes, candidates, 6, 6), BoxFromMap.ChooseThreshold(maps, set.Boxes, 6, 6, candidates), 0);
    }
}
