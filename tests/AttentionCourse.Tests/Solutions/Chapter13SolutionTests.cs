using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using AttentionCourse.Vision;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter13SolutionTests
{
    public Chapter13SolutionTests() => T.Init();

    [Fact]
    public void Patches_solution_equals_the_library_patches_and_a_hand_picked_block()
    {
        Check.Strict.Function("13.1", a => Chapter13.Patches(a[0], 7), a => VisionTransformer.Patches(a[0], 7), [[3, 1, 28, 28]]);
        var x = arange(16f).reshape(1, 1, 4, 4);
        // Patch 1 of a 4 × 4 image cut into 2 × 2 patches: rows 0-1, columns 2-3 → 2, 3, 6, 7.
        T.Close(tensor(new float[] { 2, 3, 6, 7 }), Chapter13.Patches(x, 2)[0, 1], 0);
    }

    [Fact]
    public void Cosine_solution_equals_torch_cosine_similarity_pair_by_pair()
    {
        var e = randn(6, 5);
        var expected = nn.functional.cosine_similarity(e.unsqueeze(1), e.unsqueeze(0), dim: 2);   // (6, 6)
        Check.Strict.Close("13.2", () => Chapter13.CosineSimilarities(e), expected, 1e-5);
    }

    [Fact]
    public void One_layer_rollout_solution_equals_the_library_rollout_of_one_layer()
    {
        var a = randn(2, 3, 5, 5).softmax(-1);
        Check.Strict.Close("13.3", () => Chapter13.OneLayerRollout(a), AttentionRollout.Compute([a], 0.5), 1e-6);
    }
}
