using AttentionCourse.Classification;
using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter09SolutionTests
{
    public Chapter09SolutionTests() => T.Init();

    [Fact]
    public void Masked_mean_solution_equals_the_library_mean_pooling()
    {
        Check.Strict.Function("9.1", a => Chapter09.MaskedMean(a[0], a[1].gt(0)), a => MeanPooling.forward(a[0], a[1].gt(0)).pooled, [[3, 6, 4], [3, 6]]);
    }

    [Fact]
    public void Pooling_weights_solution_equals_attention_pooling_with_an_identity_key_projection()
    {
        var pool = new AttentionPooling(4);
        using (no_grad()) pool.key_proj.weight!.copy_(eye(4));
        Check.Strict.Function("9.2", a => Chapter09.PoolingWeights(a[0], pool.query, a[1].gt(-0.5)),
            a => pool.forward(a[0], a[1].gt(-0.5)).weights, [[3, 6, 4], [3, 6]]);
    }

    [Fact]
    public void Recall_solution_is_the_diagonal_over_the_row_sums()
    {
        var c = ClassifierTraining.ConfusionMatrix([0, 0, 0, 1, 1, 2], [0, 1, 0, 1, 1, 0], 3);
        var recall = Chapter09.Recall(c);
        Assert.Equal([2.0 / 3, 1.0, 0.0], recall);
    }
}
