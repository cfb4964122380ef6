namespace AttentionCourse.Gpt;

/// <summary>
/// Count-based baselines for a character language model, computed exactly: fit counts on the training ids, then
/// the mean negative log-likelihood of the validation ids in nats per character. Add-one (Laplace) smoothing keeps
/// unseen events finite. Used in chapter 10.
/// </summary>
public static class NgramBaselines
{
    /// <summary>
    /// Unigram: p(c) = (n(c) + 1) / (N + V); returns −(1/M) Σ_t ln p(y_t) over the M validation ids.
    /// </summary>
    /// <param name="train">Training ids in [0, V).</param>
    /// <param name="validation">Validation ids in [0, V).</param>
    /// <param name="vocab">V.</param>
    public static double UnigramNats(IReadOnlyList<long> train, IReadOnlyList<long> validation, long vocab)
    {
        var counts = new double[vocab];
        foreach (var c in train) counts[c]++;
        double total = train.Count + vocab, nll = 0;
        foreach (var c in validation) nll -= Math.Log((counts[c] + 1) / total);
        return nll / validation.Count;
    }

    /// <summary>
    /// Bigram: p(c | b) = (n(b, c) + 1) / (n(b, ·) + V); returns −(1/(M−1)) Σ_{t≥1} ln p(y_t | y_{t−1}) over the validation ids.
    /// </summary>
    /// <param name="train">Training ids in [0, V).</param>
    /// <param name="validation">Validation ids in [0, V), at least 2.</param>
    /// <param name="vocab">V.</param>
    public static double BigramNats(IReadOnlyList<long> train, IReadOnlyList<long> validation, long vocab)
    {
        var pairs = new double[vocab, vocab];
        var rows = new double[vocab];
        for (int t = 1; t < train.Count; t++) { pairs[train[t - 1], train[t]]++; rows[train[t - 1]]++; }
        double nll = 0;
        for (int t = 1; t < validation.Count; t++)
        {
            long b = validation[t - 1], c = validation[t];
            nll -= Math.Log((pairs[b, c] + 1) / (rows[b] + vocab));
        }
        return nll / (validation.Count - 1);
    }
}
