using static TorchSharp.torch;

namespace AttentionCourse.Tests;

public class TensorExtensionsTests
{
    public TensorExtensionsTests() => T.Init();

    [Fact]
    public void Shape_writes_the_dimensions_in_parentheses()
    {
        Assert.Equal("(2, 3, 4)", zeros(2, 3, 4).Shape());
        Assert.Equal("(5)", zeros(5).Shape());
        Assert.Equal("()", tensor(1f).Shape());
    }

    [Fact]
    public void MaxAbsDiff_is_the_largest_absolute_entrywise_difference()
    {
        var a = tensor(new[] { 1f, -2f, 3f });
        var b = tensor(new[] { 1.5f, 2f, 3f });
        Assert.Equal(4.0, a.MaxAbsDiff(b));                                     // |-2 - 2| = 4, written out by hand
        Assert.Equal((double)(a - b).abs().max().item<float>(), a.MaxAbsDiff(b));
        Assert.Equal(0.0, a.MaxAbsDiff(a));
        Assert.Equal(4.0, a.MaxAbsDiff(-1.0));                                  // |3 - (-1)|
    }
}
