using AttentionCourse.Positions;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Positions;

public class PositionTaggerTests
{
    [Fact]
    public void Reversal_targets_are_the_tokens_at_the_mirror_positions()
    {
        T.Init();
        var (x, y) = OrderTasks.Reversal(5, 7, seed: 3);
        for (int n = 0; n < 5; n++)
            for (int t = 0; t < 7; t++)
                Assert.Equal(x[n, 6 - t].item<long>(), y[n, t].item<long>());
        Assert.InRange(x.min().item<long>(), 0, 9);
        Assert.InRange(x.max().item<long>(), 0, 9);
    }

    [Fact]
    public void Previous_token_targets_shift_by_one_and_skip_the_first_position()
    {
        T.Init();
        var (x, y) = OrderTasks.PreviousToken(4, 6, seed: 1);
        for (int n = 0; n < 4; n++)
        {
            Assert.Equal(OrderTasks.IgnoreIndex, y[n, 0].item<long>());
            for (int t = 1; t < 6; t++) Assert.Equal(x[n, t - 1].item<long>(), y[n, t].item<long>());
        }
    }

    [Fact]
    public void Neighbour_targets_are_the_previous_and_the_next_token()
    {
        T.Init();
        var (x, y) = OrderTasks.Neighbours(3, 5, seed: 2);
        Assert.Equal([3L, 5, 2], y.shape);
        for (int n = 0; n < 3; n++)
            for (int t = 0; t < 5; t++)
            {
                Assert.Equal(t == 0 ? OrderTasks.IgnoreIndex : x[n, t - 1].item<long>(), y[n, t, 0].item<long>());
                Assert.Equal(t == 4 ? OrderTasks.IgnoreIndex : x[n, t + 1].item<long>(), y[n, t, 1].item<long>());
            }
    }

    [Fact]
    public void Accuracy_by_position_counts_hits_and_skips_ignored_targets()
    {
        T.Init();
        // Argmax predictions: sequence 0 predicts (1, 2), sequence 1 predicts (1, 0).
        var logits = zeros(2, 2, 3);
        logits[0, 0, 1] = 1; logits[0, 1, 2] = 1; logits[1, 0, 1] = 1; logits[1, 1, 0] = 1;
        var y = tensor(new long[] { 1, 2, OrderTasks.IgnoreIndex, 1 }).reshape(2, 2);
        var accuracy = OrderTasks.AccuracyByPosition(logits, y);
        Assert.Equal([1.0, 0.5], accuracy);                                   // position 0: 1 of 1; position 1: 1 of 2
    }

    [Fact]
    public void Without_positions_the_tagger_is_permutation_equivariant_and_with_them_it_is_not()
    {
        T.Init();
        torch.manual_seed(0);
        var x = tensor(new long[] { 3, 1, 4, 1, 5, 9, 2, 6 }).unsqueeze(0);    // (1, 8)
        var perm = tensor(new long[] { 7, 2, 5, 0, 1, 6, 3, 4 });
        foreach (var kind in new[] { PositionKind.None, PositionKind.Sinusoidal, PositionKind.Learned, PositionKind.Rotary })
        {
            var model = new PositionTagger(10, kind);
            using var noGrad = no_grad();
            var permuteThenTag = model.call(x.index_select(1, perm));           // (1, 8, V)
            var tagThenPermute = model.call(x).index_select(1, perm);
            var gap = (permuteThenTag - tagThenPermute).abs().max().item<float>();
            if (kind == PositionKind.None) Assert.True(gap < 1e-5, $"{kind}: {gap}");
            else Assert.True(gap > 1e-3, $"{kind}: {gap}");
        }
    }

    [Fact]
    public void Attention_weights_are_kept_only_when_asked_and_rows_sum_to_one()
    {
        T.Init();
        var model = new PositionTagger(10, PositionKind.Sinusoidal);
        var x = tensor(new long[] { 1, 2, 3, 4, 5 }).unsqueeze(0);
        model.call(x);
        Assert.Null(model.attention_weights);
        model.need_weights = true;
        model.call(x);
        var w = model.attention_weights!;
        Assert.Equal([1L, 5, 5], w.shape);
        Assert.True((w.sum(-1) - 1).abs().max().item<float>() < 1e-6);
    }

    [Fact]
    public void With_sinusoids_the_tagger_learns_reversal_and_without_positions_it_cannot()
    {
        T.Init();
        var train = OrderTasks.Reversal(2000, 6, seed: 1);
        var test = OrderTasks.Reversal(300, 6, seed: 2);
        var (_, blind) = PositionExperiment.Run(PositionKind.None, train, test, epochs: 10);
        var (_, sinusoid) = PositionExperiment.Run(PositionKind.Sinusoidal, train, test, epochs: 10);
        Assert.True(sinusoid.Average() > 0.95, $"sinusoid {sinusoid.Average()}");
        Assert.True(blind.Average() < 0.5, $"no positions {blind.Average()}");
    }
}
