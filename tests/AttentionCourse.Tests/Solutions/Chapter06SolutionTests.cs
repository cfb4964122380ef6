using AttentionCourse.Attention;
using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter06SolutionTests
{
    [Fact]
    public void Exercise_6_1_causal_mask_passes_the_causal_check_and_equals_a_hand_written_case()
    {
        T.Init();
        AttentionChecks.CausalMaskHidesOnlyTheFuture(Chapter06.CausalMask);
        var expected = tensor(new float[,] { { 1, 0, 0 }, { 1, 1, 0 }, { 1, 1, 1 } });
        Check.Strict.Close("6.1", () => Chapter06.CausalMask(3).to_type(ScalarType.Float32), expected);
    }

    [Fact]
    public void Exercise_6_2_masked_softmax_equals_the_library_where_rows_have_a_key()
    {
        T.Init();
        Check.Strict.Function("6.2", a => Chapter06.MaskedSoftmax(a[0], a[1].gt(-1.5)),
            a => MaskedSoftmax.forward(a[0], a[1].gt(-1.5)), [[2, 4, 6], [2, 4, 6]]);
    }

    [Fact]
    public void Exercise_6_3_attention_equals_the_fused_kernel()
    {
        T.Init();
        Check.Strict.Function("6.3", a => Chapter06.Attention(a[0], a[1], a[2]),
            a => nn.functional.scaled_dot_product_attention(a[0], a[1], a[2]), [[2, 5, 64], [2, 7, 64], [2, 7, 16]]);
    }
    [Fact]
    public void Exercise_6_4_key_order_check_holds_on_correct_attention_and_catches_the_query_added_inside_the_softmax()
    {
        T.Init();
        Assert.True(AttentionChecks.GradeCheck("6.4", Chapter06.KeyOrderDoesNotMatter,
            AttentionCourse.Tests.Bugs.BuggyAttention.QueryAddedInsideSoftmaxFunction, strict: true));
        Assert.Throws<AttentionCheckException>(() =>
            Chapter06.KeyOrderDoesNotMatter(AttentionCourse.Tests.Bugs.BuggyAttention.QueryAddedInsideSoftmaxFunction));
    }
}
