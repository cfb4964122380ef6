using AttentionCourse.Memory;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Memory;

public class MemoryPositionEncodingTests
{
    public MemoryPositionEncodingTests() => T.Init();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 6)]
    [InlineData(4, 3)]
    [InlineData(5, 20)]
    public void Matrix_equals_the_closed_form_computed_by_loops(int J, int d)
    {
        var expected = new float[J, d];
        for (int j = 1; j <= J; j++)
            for (int k = 1; k <= d; k++)
                expected[j - 1, k - 1] = (float)((1.0 - (double)j / J) - ((double)k / d) * (1.0 - 2.0 * j / J));
        T.Close(tensor(expected), PositionEncoding.Matrix(J, d), 1e-6);
    }

    [Fact]
    public void Each_sentence_uses_its_own_length_and_padding_slots_get_zero()
    {
        var words = tensor(new long[,] { { 5, 6, 7, 0, 0 }, { 5, 6, 7, 8, 9 }, { 0, 0, 0, 0, 0 } });   // (3, W): J = 3, 5, 0
        var l = PositionEncoding.ForWords(words, 4);                                                  // (3, 5, 4)
        Assert.Equal(new long[] { 3, 5, 4 }, l.shape);
        T.Close(PositionEncoding.Matrix(3, 4), l[0, ..3], 1e-6);
        Assert.Equal(0f, l[0, 3..].abs().sum().item<float>());
        T.Close(PositionEncoding.Matrix(5, 4), l[1], 1e-6);
        Assert.Equal(0f, l[2].abs().sum().item<float>());
    }

    [Fact]
    public void With_position_encoding_word_order_changes_the_sentence_vector_and_without_it_does_not()
    {
        var config = new MemoryNetworkConfig(VocabSize: 10, MemorySize: 2, EmbedDim: 8, Hops: 1);
        var a = tensor(new long[,] { { 2, 3, 4, 5 } });   // "anna took the ball"
        var b = tensor(new long[,] { { 5, 3, 4, 2 } });   // "ball took the anna"
        foreach (var pe in new[] { true, false })
        {
            var model = new MemoryNetwork(config with { UsePositionEncoding = pe });
            var (la, _) = model.forward(a.unsqueeze(1), a);
            var (lb, _) = model.forward(b.unsqueeze(1), b);
            if (pe) Assert.True(T.MaxAbsDiff(la, lb) > 1e-4);
            else T.Close(la, lb, 1e-5);
        }
    }
}
