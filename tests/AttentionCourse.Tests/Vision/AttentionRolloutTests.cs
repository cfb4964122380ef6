using AttentionCourse.Native;
using AttentionCourse.Vision;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Vision;

public class AttentionRolloutTests
{
    static Tensor RandomAttention(long b, long h, long t) => randn(b, h, t, t, dtype: float64).softmax(-1);

    /// <summary>The paper's recipe written with plain arrays, one batch element at a time.</summary>
    static double[,] HandRollout(IReadOnlyList<Tensor> layers, int batch, double r)
    {
        int t = (int)layers[0].shape[2];
        double[,]? result = null;
        foreach (var layer in layers)
        {
            var mean = layer[batch].mean([0]);                       // (T, T)
            var a = new double[t, t];
            for (int i = 0; i < t; i++)
            {
                double sum = 0;
                for (int j = 0; j < t; j++) sum += a[i, j] = (1 - r) * mean[i, j].item<double>() + (i == j ? r : 0);
                for (int j = 0; j < t; j++) a[i, j] /= sum;
            }
            if (result is null) { result = a; continue; }
            var next = new double[t, t];
            for (int i = 0; i < t; i++) for (int j = 0; j < t; j++) for (int k = 0; k < t; k++) next[i, j] += a[i, k] * result[k, j];
            result = next;
        }
        return result!;
    }

    [Fact]
    public void Rollout_matches_a_hand_computation_and_keeps_rows_summing_to_one()
    {
        TorchSharpNative.EnsureLoadable();
        manual_seed(0);
        var layers = Enumerable.Range(0, 3).Select(_ => RandomAttention(2, 4, 5)).ToList();
        var rollout = AttentionRollout.Compute(layers, residual: 0.3);
        Assert.Equal([2L, 5, 5], rollout.shape);
        var hand = HandRollout(layers, 1, 0.3);
        for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) Assert.Equal(hand[i, j], rollout[1, i, j].item<double>(), 12);
        Assert.True((rollout.sum(-1) - 1).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void One_layer_without_residual_is_the_head_average_and_bad_shapes_are_refused()
    {
        TorchSharpNative.EnsureLoadable();
        var a = RandomAttention(1, 3, 4);
        Assert.True((AttentionRollout.Compute([a], residual: 0) - a.mean([1])).abs().max().item<double>() < 1e-12);
        Assert.Throws<ArgumentException>(() => AttentionRollout.Compute([randn(2, 4, 4)]));
    }
}
