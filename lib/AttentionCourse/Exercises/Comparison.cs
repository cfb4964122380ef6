using System.Globalization;
using TorchSharp;

namespace AttentionCourse.Exercises;

/// <summary>The comparisons behind <see cref="Check"/>: shape first, then the largest absolute difference. Null means "equal".</summary>
static class Comparison
{
    /// <summary>Why <paramref name="answer"/> differs from <paramref name="expected"/>, or null when shapes match and every |a - e| ≤ tolerance (NaN only matches NaN).</summary>
    internal static string? Tensors(torch.Tensor? answer, torch.Tensor expected, double tolerance)
    {
        if (answer is null) return $"got null, expected a tensor of shape {Shape(expected.shape)}.";
        if (!answer.shape.SequenceEqual(expected.shape)) return $"expected shape {Shape(expected.shape)}, got {Shape(answer.shape)}.";
        using var scope = torch.NewDisposeScope();
        var a = answer.detach().to(torch.CPU).to_type(torch.ScalarType.Float64).reshape(-1).data<double>().ToArray();
        var e = expected.detach().to(torch.CPU).to_type(torch.ScalarType.Float64).reshape(-1).data<double>().ToArray();
        return Values(a, e, expected.shape, tolerance);
    }

    /// <summary>The same comparison for flat arrays of shape (n).</summary>
    internal static string? Arrays(IReadOnlyList<double>? answer, IReadOnlyList<double> expected, double tolerance)
    {
        if (answer is null) return $"got null, expected an array of length {expected.Count}.";
        if (answer.Count != expected.Count) return $"expected length {expected.Count}, got {answer.Count}.";
        return Values(answer, expected, [expected.Count], tolerance);
    }

    static string? Values(IReadOnlyList<double> a, IReadOnlyList<double> e, long[] shape, double tolerance)
    {
        int worst = -1;
        double worstDiff = 0;
        for (int i = 0; i < e.Count; i++)
        {
            if (double.IsNaN(a[i]) && double.IsNaN(e[i])) continue;
            var diff = Math.Abs(a[i] - e[i]);
            if (double.IsNaN(diff) || a[i] != e[i] && double.IsInfinity(diff)) diff = double.PositiveInfinity;
            if (diff > worstDiff) { worstDiff = diff; worst = i; }
        }
        if (worst < 0 || worstDiff <= tolerance) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"values differ by up to {worstDiff:G4} (tolerance {tolerance:G3}); at index {Index(worst, shape)} expected {e[worst]:G6}, got {a[worst]:G6}.");
    }

    /// <summary>Shape written like PyTorch prints it: (2, 3).</summary>
    internal static string Shape(long[] shape) => "(" + string.Join(", ", shape) + ")";

    static string Index(int flat, long[] shape)
    {
        var index = new long[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--) { index[d] = flat % Math.Max(shape[d], 1); flat /= (int)Math.Max(shape[d], 1); }
        return "[" + string.Join(", ", index) + "]";
    }
}
