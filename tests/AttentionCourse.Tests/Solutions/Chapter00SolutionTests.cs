using AttentionCourse.Attention;
using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

/// <summary>The chapter 00 reference solution passes the notebook's check strictly, for several random keys.</summary>
public class Chapter00SolutionTests
{
    public Chapter00SolutionTests() => T.Init();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    public void Exercise_0_1_zero_queries_give_the_weights_the_library_computes(int seed)
    {
        manual_seed(seed);
        var (K, V) = (randn(3, 4) * 3, randn(3, 4));
        var (_, weights) = ScaledDotProductAttention.forward(zeros(3, 4), K, V);
        Check.Strict.Close("0.1", () => Chapter00.WeightsForZeroQueries(), weights!, 1e-6);
    }
}
