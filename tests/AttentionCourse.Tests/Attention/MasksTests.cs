using AttentionCourse.Attention;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Attention;

public class MasksTests
{
    public MasksTests() => T.Init();

    [Fact]
    public void Causal_mask_with_a_past_lets_query_t_see_keys_up_to_past_plus_t()
    {
        var m = Masks.CausalWithPast(2, 3);                                     // (2, 5)
        Assert.Equal(new long[] { 2, 5 }, m.shape);
        Assert.Equal(new[] { true, true, true, true, false, true, true, true, true, true }, m.data<bool>().ToArray());
        Assert.Equal(Masks.Causal(4).data<bool>().ToArray(), Masks.CausalWithPast(4, 0).data<bool>().ToArray());
    }

    [Fact]
    public void Combine_is_a_broadcast_logical_and_and_null_means_no_mask()
    {
        var padding = tensor(new[] { true, true, false }).view(1, 3);          // (1, 3): the third key is padding
        var combined = Masks.Combine(padding, Masks.Causal(3))!;                // (3, 3)
        Assert.Equal(new[] { true, false, false, true, true, false, true, true, false }, combined.data<bool>().ToArray());
        Assert.Same(padding, Masks.Combine(padding, null));
        Assert.Same(padding, Masks.Combine(null, padding));
        Assert.Null(Masks.Combine(null, null));
    }
}
