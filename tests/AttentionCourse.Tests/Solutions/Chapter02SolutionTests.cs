using AttentionCourse.Attention;
using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

/// <summary>The chapter 02 reference solutions pass the notebook's checks strictly, against the same references.</summary>
public class Chapter02SolutionTests
{
    public Chapter02SolutionTests() => T.Init();

    [Fact]
    public void Exercise_2_1_attention_equals_the_fused_kernel()
    {
        Check.Strict.Function("2.1", a => Chapter02.ScaledDotProductAttention(a[0], a[1], a[2]),
            a => nn.functional.scaled_dot_product_attention(a[0], a[1], a[2]), [[2, 5, 8], [2, 7, 8], [2, 7, 4]]);
    }

    [Fact]
    public void Exercise_2_2_masked_softmax_by_length_equals_the_library_including_length_zero()
    {
        var lens = tensor(new long[] { 0, 2, 6 });
        Check.Strict.Function("2.2", a => Chapter02.MaskedSoftmaxByLength(a[0], lens),
            a => MaskedSoftmax.forward_valid_lens(a[0], lens), [[3, 4, 6]]);
    }

    [Fact]
    public void Exercise_2_3_entropy_equals_the_library_on_masked_rows()
    {
        var mask = tensor(new[] { true, true, true, true, true, false, false, false, true, false, false, false }).reshape(3, 4);
        Check.Strict.Function("2.3", a => Chapter02.Entropy(MaskedSoftmax.forward(a[0], mask)),
            a => SoftmaxDiagnostics.Entropy(MaskedSoftmax.forward(a[0], mask)), [[3, 4]]);
    }

    [Fact]
    public void A_missing_scale_fails_the_strict_check()
    {
        Assert.Throws<ExerciseCheckException>(() => Check.Strict.Function("2.1", a => a[0].matmul(a[1].transpose(-2, -1)).softmax(-1).matmul(a[2]),
            a => nn.functional.scaled_dot_product_attention(a[0], a[1], a[2]), [[2, 5, 8], [2, 7, 8], [2, 7, 4]]));
    }
}
