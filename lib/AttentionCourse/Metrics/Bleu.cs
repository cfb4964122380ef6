namespace AttentionCourse.Metrics;

/// <summary>A corpus BLEU score with its parts.</summary>
/// <param name="Score">BLEU in [0, 1] = BP · exp(Σ_n (1/N) log p_n).</param>
/// <param name="Precisions">Modified n-gram precisions p_1..p_N (clipped matches / hypothesis n-grams).</param>
/// <param name="BrevityPenalty">BP = 1 if c &gt; r, else exp(1 - r/c) (0 when c = 0).</param>
/// <param name="HypothesisLength">c: total hypothesis tokens.</param>
/// <param name="ReferenceLength">r: total reference tokens.</param>
public sealed record BleuScore(double Score, double[] Precisions, double BrevityPenalty, long HypothesisLength, long ReferenceLength)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"BLEU = {100 * Score:F2} (p1..p{Precisions.Length} = {string.Join(" / ", Precisions.Select(p => $"{100 * p:F1}"))}, BP = {BrevityPenalty:F3}, c = {HypothesisLength}, r = {ReferenceLength})");
}

/// <summary>
/// Corpus BLEU (Papineni et al. 2002): modified n-gram precision p_n = Σ_sentences Σ_ngram min(count_hyp, count_ref)
/// / Σ_sentences Σ_ngram count_hyp (section 2.1, summed over the corpus as in 2.1.1), geometric mean of p_1..p_4
/// with uniform weights, times the brevity penalty BP = exp(1 - r/c) when c ≤ r (section 2.2.2). One reference
/// per sentence, no smoothing: a corpus with no matching 4-gram scores exactly 0. Used in chapter 08.
/// </summary>
public static class Bleu
{
    /// <summary>Corpus BLEU of tokenised hypotheses against one tokenised reference each.</summary>
    /// <param name="hypotheses">Hypothesis token lists.</param>
    /// <param name="references">Reference token lists, as many as hypotheses.</param>
    /// <param name="max_n">Largest n-gram order N; default 4.</param>
    /// <exception cref="ArgumentException">The two lists differ in length.</exception>
    public static BleuScore Corpus(IReadOnlyList<IReadOnlyList<string>> hypotheses, IReadOnlyList<IReadOnlyList<string>> references, int max_n = 4)
    {
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"{hypotheses.Count} hypotheses but {references.Count} references.", nameof(references));
        var matches = new long[max_n];
        var totals = new long[max_n];
        long c = 0, r = 0;
        for (var s = 0; s < hypotheses.Count; s++)
        {
            c += hypotheses[s].Count;
            r += references[s].Count;
            for (var n = 1; n <= max_n; n++)
            {
                var reference = NGrams(references[s], n);
                foreach (var (gram, count) in NGrams(hypotheses[s], n))
                {
                    totals[n - 1] += count;
                    matches[n - 1] += Math.Min(count, reference.GetValueOrDefault(gram));
                }
            }
        }
        var precisions = matches.Zip(totals, (m, t) => t == 0 ? 0.0 : (double)m / t).ToArray();
        var bp = c == 0 ? 0.0 : c > r ? 1.0 : Math.Exp(1.0 - (double)r / c);
        var score = precisions.Any(p => p == 0) ? 0.0 : bp * Math.Exp(precisions.Average(Math.Log));
        return new BleuScore(score, precisions, bp, c, r);
    }

    /// <summary>Counts of the n-grams of a token list, each key the tokens joined by U+0001 (a character no token contains).</summary>
    /// <param name="tokens">Tokens.</param>
    /// <param name="n">Order n ≥ 1.</param>
    public static Dictionary<string, int> NGrams(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            var gram = string.Join('\u0001', tokens.Skip(i).Take(n));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return counts;
    }
}
