namespace AttentionCourse.Classification;

/// <summary>
/// Multinomial Naive Bayes over words (Manning, Raghavan &amp; Schütze 2008, §13.2): the strongest simple baseline for
/// text classification from word counts. Class prior P(y) = N_y / N; word likelihood with add-α smoothing
/// P(w | y) = (T_{y,w} + α) / (Σ_w' T_{y,w'} + α |V|); a document d scores log P(y) + Σ_{w ∈ d} log P(w | y), words outside the
/// training vocabulary ignored. Word order is invisible to it, which is what a pooling model must beat. Used in chapter 09.
/// </summary>
public sealed class NaiveBayes
{
    readonly double[] logPrior;
    readonly Dictionary<string, double[]> logLikelihood;
    readonly double[] unseenInClass;

    /// <summary>Number of classes.</summary>
    public int Classes => logPrior.Length;

    /// <summary>Counts words per class.</summary>
    /// <param name="documents">Tokenised training documents.</param>
    /// <param name="labels">Class of each document, in [0, classes).</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="alpha">Add-α smoothing; default 1 (Laplace).</param>
    public NaiveBayes(IReadOnlyList<IReadOnlyList<string>> documents, IReadOnlyList<long> labels, int classes, double alpha = 1.0)
    {
        if (documents.Count != labels.Count) throw new ArgumentException($"{documents.Count} documents but {labels.Count} labels.", nameof(labels));
        if (alpha <= 0) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Smoothing must be positive.");
        var docs = new double[classes];
        var tokens = new double[classes];
        var counts = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int d = 0; d < documents.Count; d++)
        {
            docs[labels[d]]++;
            foreach (var w in documents[d])
            {
                if (!counts.TryGetValue(w, out var row)) counts[w] = row = new double[classes];
                row[labels[d]]++;
                tokens[labels[d]]++;
            }
        }
        logPrior = docs.Select(n => Math.Log(n / documents.Count)).ToArray();
        double v = counts.Count;
        logLikelihood = counts.ToDictionary(p => p.Key,
            p => p.Value.Select((t, y) => Math.Log((t + alpha) / (tokens[y] + alpha * v))).ToArray(), StringComparer.Ordinal);
        unseenInClass = tokens.Select(t => Math.Log(alpha / (t + alpha * v))).ToArray();
    }

    /// <summary>log P(y) + Σ_w log P(w | y) for every class y (unnormalised log posterior).</summary>
    /// <param name="document">A tokenised document.</param>
    public double[] LogScores(IReadOnlyList<string> document)
    {
        var scores = (double[])logPrior.Clone();
        foreach (var w in document)
            if (logLikelihood.TryGetValue(w, out var row))
                for (int y = 0; y < scores.Length; y++) scores[y] += row[y];
        return scores;
    }

    /// <summary>The most probable class of each document.</summary>
    /// <param name="documents">Tokenised documents.</param>
    public long[] Predict(IReadOnlyList<IReadOnlyList<string>> documents) =>
        documents.Select(d => { var s = LogScores(d); return (long)Array.IndexOf(s, s.Max()); }).ToArray();

    /// <summary>log P(w | y) of a training word that never occurred with class y: the smoothing's floor.</summary>
    /// <param name="y">The class.</param>
    public double UnseenLogLikelihood(int y) => unseenInClass[y];
}
