using AttentionCourse.Display;

namespace AttentionCourse.Classification;

/// <summary>Pictures of pooling weights for chapter 09.</summary>
public static class PoolingFigures
{
    /// <summary>
    /// One sentence's pooling weights as a heatmap: one row per word (labelled with the word), the attention weights α_t
    /// in the first column and mean pooling's uniform 1/T beside them for comparison, colours on the fixed scale [0, 1].
    /// Used in chapter 09.
    /// </summary>
    /// <param name="words">The T words of the sentence.</param>
    /// <param name="weights">The T attention weights.</param>
    /// <param name="title">Figure title.</param>
    public static Figure SentenceWeights(IReadOnlyList<string> words, IReadOnlyList<float> weights, string title)
    {
        int T = Math.Min(words.Count, weights.Count);
        var values = new double[T, 2];
        for (int t = 0; t < T; t++) (values[t, 0], values[t, 1]) = (weights[t], 1.0 / T);
        return Figures.Heatmap(values, words.Take(T).ToList(), ["attention α", "mean 1/T"], title, "pooling", "words",
            min: 0, max: 1, colorBarTitle: "weight", rowName: "word", columnName: "pooling");
    }

    /// <summary>
    /// One sentence's weights from several poolings as a heatmap: one row per word (labelled with the word), one column per
    /// named set of weights, then mean pooling's uniform 1/T, colours on the fixed scale [0, 1]. Used in chapter 09.
    /// </summary>
    /// <param name="words">The T words of the sentence.</param>
    /// <param name="columns">(name, T weights) per pooling.</param>
    /// <param name="title">Figure title.</param>
    public static Figure SentenceWeights(IReadOnlyList<string> words, IReadOnlyList<(string Name, float[] Weights)> columns, string title)
    {
        int T = columns.Aggregate(words.Count, (t, c) => Math.Min(t, c.Weights.Length));
        var values = new double[T, columns.Count + 1];
        for (int t = 0; t < T; t++)
        {
            for (int k = 0; k < columns.Count; k++) values[t, k] = columns[k].Weights[t];
            values[t, columns.Count] = 1.0 / T;
        }
        return Figures.Heatmap(values, words.Take(T).ToList(), [.. columns.Select(c => c.Name), "mean 1/T"], title, "pooling",
            "words", min: 0, max: 1, colorBarTitle: "weight", rowName: "word", columnName: "pooling");
    }
}
