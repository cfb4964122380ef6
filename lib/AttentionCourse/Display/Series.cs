namespace AttentionCourse.Display;

/// <summary>One named line for <see cref="Figures.Line(IReadOnlyList{Series}, string, string, string)"/>: points (X[i], Y[i]).</summary>
/// <param name="Name">Legend text, e.g. "train loss".</param>
/// <param name="X">x values, e.g. epochs.</param>
/// <param name="Y">y values, as many as <paramref name="X"/>.</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>A series whose x values are 1, 2, …, n (epochs, steps).</summary>
    public static Series Of(string name, IReadOnlyList<double> y) =>
        new(name, Enumerable.Range(1, y.Count).Select(i => (double)i).ToArray(), y);
}
