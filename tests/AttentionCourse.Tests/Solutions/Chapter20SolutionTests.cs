using AttentionCourse.Exercises;
using AttentionCourse.Interpretability;
using AttentionCourse.Solutions;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter20SolutionTests
{
    public Chapter20SolutionTests() => T.Init();

    [Fact]
    public void Ranks_solution_averages_ties_like_the_library()
    {
        double[] values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
        Assert.Equal(Spearman.Ranks(values), Chapter20.Ranks(values));
        Assert.Equal([2.0, 3.5, 3.5, 1.0], Chapter20.Ranks([10, 20, 20, 5]));
    }

    [Fact]
    public void Jsd_solution_equals_the_library_divergence()
    {
        Check.Strict.Function("20.2", a => Chapter20.Jsd(a[0].softmax(-1), a[1].softmax(-1)),
            a => JensenShannon.Divergence(a[0].softmax(-1), a[1].softmax(-1)), [[4, 7], [4, 7]]);
    }

    [Fact]
    public void Top_token_solution_counts_argmax_on_a_marker_by_hand()
    {
        var scores = tensor(new float[] { 0.1f, 0.9f, 0.0f, 0.5f, 0.2f, 0.3f }).view(2, 3);
        var gold = tensor(new float[] { 0, 1, 1, 0, 1, 1 }).view(2, 3);
        Assert.Equal(0.5, Chapter20.TopTokenIsMarker(scores, gold), 6);   // row 0: argmax 1, a marker; row 1: argmax 0, a filler
    }
}
