using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Classification;

/// <summary>Predictions of a <see cref="PoolingClassifier"/> on a data set, with its pooling weights.</summary>
/// <param name="Predicted">Predicted class per example.</param>
/// <param name="Weights">Pooling weights per example, one per token (padding excluded).</param>
/// <param name="Accuracy">Fraction of correct predictions.</param>
public sealed record ClassifierResult(long[] Predicted, float[][] Weights, double Accuracy);

/// <summary>
/// Evaluation of a <see cref="PoolingClassifier"/> (it trains through <see cref="Training.Trainer"/>), plus the
/// measurements chapter 09 prints: confusion matrix and most-attended words. Used in chapter 09.
/// </summary>
public static class ClassifierTraining
{
    /// <summary>Predicts every example in eval mode without gradients and keeps each one's pooling weights.</summary>
    /// <param name="model">The trained classifier.</param>
    /// <param name="ids">Token ids (N, T).</param>
    /// <param name="mask">(N, T), true = real token.</param>
    /// <param name="labels">Gold classes (N).</param>
    public static ClassifierResult Evaluate(PoolingClassifier model, Tensor ids, Tensor mask, Tensor labels)
    {
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var predicted = model.forward(ids, mask).argmax(-1);                    // (N)
        var weights = model.pooling_weights!;                                    // (N, T)
        var lengths = mask.sum(1).data<long>().ToArray();
        var rows = Enumerable.Range(0, (int)ids.shape[0])
            .Select(n => weights[n, ..(int)lengths[n]].data<float>().ToArray()).ToArray();
        var accuracy = predicted.eq(labels).to_type(ScalarType.Float64).mean().item<double>();
        return new ClassifierResult(predicted.data<long>().ToArray(), rows, accuracy);
    }

    /// <summary>Confusion matrix C[i, j] = number of examples of gold class i predicted as j.</summary>
    /// <param name="gold">Gold classes.</param>
    /// <param name="predicted">Predicted classes, as many.</param>
    /// <param name="classes">Number of classes.</param>
    public static double[,] ConfusionMatrix(IReadOnlyList<long> gold, IReadOnlyList<long> predicted, int classes)
    {
        var c = new double[classes, classes];
        for (int n = 0; n < gold.Count; n++) c[gold[n], predicted[n]]++;
        return c;
    }

    /// <summary>
    /// The words that receive the most pooling weight on average for each class: for every (class, word) the mean of
    /// the weight the word gets in the sentences of that gold class, over words seen at least <paramref name="min_count"/> times.
    /// </summary>
    /// <param name="sentences">Tokenised sentences (the words the weights refer to).</param>
    /// <param name="weights">Pooling weights per sentence, one per word.</param>
    /// <param name="gold">Gold class per sentence.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="top">Words kept per class; default 10.</param>
    /// <param name="min_count">Fewest occurrences in a class; default 5.</param>
    public static List<(string Word, double MeanWeight)>[] MostAttendedWords(IReadOnlyList<IReadOnlyList<string>> sentences,
        IReadOnlyList<float[]> weights, IReadOnlyList<long> gold, int classes, int top = 10, int min_count = 5)
    {
        var stats = Enumerable.Range(0, classes).Select(_ => new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal)).ToArray();
        for (int n = 0; n < sentences.Count; n++)
            for (int t = 0; t < weights[n].Length && t < sentences[n].Count; t++)
            {
                var d = stats[gold[n]];
                var (sum, count) = d.GetValueOrDefault(sentences[n][t]);
                d[sentences[n][t]] = (sum + weights[n][t], count + 1);
            }
        return stats.Select(d => d.Where(p => p.Value.Count >= min_count)
            .Select(p => (p.Key, p.Value.Sum / p.Value.Count))
            .OrderByDescending(p => p.Item2).ThenBy(p => p.Key, StringComparer.Ordinal).Take(top).ToList()).ToArray();
    }
}
