using System.Globalization;
using static TorchSharp.torch;

namespace AttentionCourse;

/// <summary>
/// Two idioms every chapter repeats, named once (chapter 00 shows what they compute): a tensor's shape as text, and the
/// largest absolute difference between two tensors, the course's measure of "these agree to float rounding".
/// </summary>
public static class TensorExtensions
{
    /// <summary>The shape as the course writes it in comments: "(2, 3, 4)"; "()" for a scalar.</summary>
    /// <param name="t">Any tensor.</param>
    /// <returns><c>"(" + string.Join(", ", t.shape) + ")"</c>.</returns>
    public static string Shape(this Tensor t) =>
        "(" + string.Join(", ", t.shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";

    /// <summary>
    /// max |a − b| over all entries (broadcast), i.e. <c>(a - b).abs().max().item&lt;float&gt;()</c>, as a double. The
    /// difference is taken in the inputs' dtype, so a float32 result is exactly what that expression prints.
    /// </summary>
    /// <param name="a">A tensor.</param>
    /// <param name="b">A tensor broadcastable with <paramref name="a"/>, or a scalar.</param>
    public static double MaxAbsDiff(this Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a - b).abs().max().to_type(ScalarType.Float64).item<double>();
    }

    /// <summary>max |a − c| for a scalar c, e.g. the distance of every entry from a mean.</summary>
    /// <param name="a">A tensor.</param>
    /// <param name="c">A number.</param>
    public static double MaxAbsDiff(this Tensor a, double c)
    {
        using var scope = NewDisposeScope();
        return (a - c).abs().max().to_type(ScalarType.Float64).item<double>();
    }
}
