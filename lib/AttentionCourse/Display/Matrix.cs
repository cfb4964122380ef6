using TorchSharp;

namespace AttentionCourse.Display;

/// <summary>Turns the inputs a heatmap accepts (a 2-D tensor, <c>float[,]</c>, <c>double[,]</c>) into <c>double[,]</c> and checks labels against the shape.</summary>
static class Matrix
{
    /// <summary>Copies a 2-D tensor of shape (T, S) to a (T, S) array on the CPU.</summary>
    internal static double[,] FromTensor(torch.Tensor weights, string name = "weights")
    {
        if (weights.dim() != 2)
            throw new ArgumentException($"{name} must be 2-D (queries, keys), got shape {Shape(weights.shape)}.", name);
        using var scope = torch.NewDisposeScope();
        var cpu = weights.detach().to(torch.CPU).to_type(torch.ScalarType.Float64).contiguous();
        var flat = cpu.data<double>().ToArray();
        int rows = (int)weights.shape[0], cols = (int)weights.shape[1];
        var result = new double[rows, cols];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    /// <summary>Widens a (T, S) float array to double.</summary>
    internal static double[,] FromFloats(float[,] weights)
    {
        var result = new double[weights.GetLength(0), weights.GetLength(1)];
        for (int i = 0; i < weights.GetLength(0); i++)
            for (int j = 0; j < weights.GetLength(1); j++)
                result[i, j] = weights[i, j];
        return result;
    }

    /// <summary>
    /// Checks that there is one row label per query (rows) and one column label per key (columns);
    /// null labels become position numbers "0", "1", ….
    /// </summary>
    internal static (string[] Rows, string[] Columns) Labels(double[,] values, IReadOnlyList<string>? rowLabels, IReadOnlyList<string>? columnLabels)
    {
        int rows = values.GetLength(0), cols = values.GetLength(1);
        if (rows == 0 || cols == 0)
            throw new ArgumentException($"A heatmap needs at least one row and one column, got shape ({rows}, {cols}).");
        if (rowLabels is not null && rowLabels.Count != rows)
            throw new ArgumentException($"rowLabels has {rowLabels.Count} labels but the weights have {rows} rows (shape ({rows}, {cols})): give one label per query.", nameof(rowLabels));
        if (columnLabels is not null && columnLabels.Count != cols)
            throw new ArgumentException($"columnLabels has {columnLabels.Count} labels but the weights have {cols} columns (shape ({rows}, {cols})): give one label per key.", nameof(columnLabels));
        return (rowLabels?.ToArray() ?? Positions(rows), columnLabels?.ToArray() ?? Positions(cols));
    }

    /// <summary>Smallest and largest finite value (0 and 1 when there is none).</summary>
    internal static (double Min, double Max) Range(IEnumerable<double[,]> all)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var m in all)
            foreach (var v in m)
                if (double.IsFinite(v)) { min = Math.Min(min, v); max = Math.Max(max, v); }
        if (min > max) return (0, 1);
        return min == max ? (min - 0.5, max + 0.5) : (min, max);
    }

    internal static string Shape(long[] shape) => "(" + string.Join(", ", shape) + ")";

    static string[] Positions(int n) => Enumerable.Range(0, n).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
