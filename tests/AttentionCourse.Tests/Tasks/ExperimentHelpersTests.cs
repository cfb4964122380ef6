using AttentionCourse.Attention;
using AttentionCourse.Tasks;
using AttentionCourse.Transformer;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Tasks;

public class ExperimentHelpersTests
{
    [Fact]
    public void A_causal_mask_that_sees_the_next_token_trains_below_the_entropy_floor_and_generates_worse()
    {
        var floor = Math.Log(10);
        var honest = NextDigitExperiment.Run(Masks.Causal(NextDigitExperiment.Length));
        var peeking = NextDigitExperiment.Run(ones(NextDigitExperiment.Length, NextDigitExperiment.Length, dtype: ScalarType.Bool).tril(1));
        // Random digits: no honest model beats ln 10 nats.
        Assert.InRange(honest.train, floor - 0.1, floor + 0.2);
        Assert.InRange(honest.generation, floor - 0.1, floor + 0.2);
        Assert.True(peeking.train < 1.0, $"peeking training loss {peeking.train}");
        Assert.True(peeking.generation > floor + 0.5, $"peeking generation loss {peeking.generation}");
    }

    [Fact]
    public void Post_LN_keeps_the_residual_stream_at_unit_std_and_every_layer_gets_a_gradient()
    {
        Seed.Everything(0);
        using var post = new TransformerEncoder(4, 32, 4, 64, dropout: 0.0, norm_first: false);
        var input = randn(2, 8, 32);
        var (std, grad) = LayerStatistics.Measure(post, input, randn(2, 8, 32));
        Assert.Equal(4, std.Length);
        Assert.All(std, s => Assert.InRange(s, 0.99, 1.01));
        Assert.All(grad, g => Assert.True(g > 0));
    }
}
