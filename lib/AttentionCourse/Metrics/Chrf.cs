namespace AttentionCourse.Metrics;

/// <summary>
/// chrF (Popović 2015): the character n-gram F-score of a corpus. Spaces are removed; for n = 1..N the matches
/// min(count_hyp, count_ref) of each character n-gram are summed over the corpus, chrP and chrR are the means over n of the
/// n-gram precisions and recalls (over the orders the corpus has), and chrF_β = (1 + β²) chrP chrR / (β² chrP + chrR), β = 2 weighting recall twice as
/// much. It gives partial credit for a word with the right stem and the wrong ending, which BLEU's word n-grams do not.
/// Reported ×100. Used in chapter 08.
/// </summary>
public static class Chrf
{
    /// <summary>Corpus chrF_β in [0, 100].</summary>
    /// <param name="hypotheses">Hypothesis sentences.</param>
    /// <param name="references">One reference sentence each.</param>
    /// <param name="max_n">Largest character n-gram; default 6.</param>
    /// <param name="beta">β; default 2.</param>
    public static double Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references, int max_n = 6, double beta = 2.0)
    {
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"{hypotheses.Count} hypotheses but {references.Count} references.", nameof(references));
        var (matches, hypTotals, refTotals) = (new double[max_n], new double[max_n], new double[max_n]);
        for (int s = 0; s < hypotheses.Count; s++)
        {
            var (h, r) = (Squeeze(hypotheses[s]), Squeeze(references[s]));
            for (int n = 1; n <= max_n; n++)
            {
                var (hg, rg) = (Grams(h, n), Grams(r, n));
                hypTotals[n - 1] += hg.Values.Sum();
                refTotals[n - 1] += rg.Values.Sum();
                matches[n - 1] += hg.Sum(g => Math.Min(g.Value, rg.GetValueOrDefault(g.Key)));
            }
        }
        // Orders that neither side is long enough to have are left out of the means (sacreBLEU's "effective order").
        var orders = Enumerable.Range(0, max_n).Where(n => hypTotals[n] + refTotals[n] > 0).ToList();
        if (orders.Count == 0) return 0;
        double precision = orders.Average(n => hypTotals[n] == 0 ? 0 : matches[n] / hypTotals[n]);
        double recall = orders.Average(n => refTotals[n] == 0 ? 0 : matches[n] / refTotals[n]);
        double b2 = beta * beta;
        return precision + recall == 0 ? 0 : 100 * (1 + b2) * precision * recall / (b2 * precision + recall);
    }

    static string Squeeze(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    static Dictionary<string, int> Grams(string s, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i + n <= s.Length; i++) counts[s.Substring(i, n)] = counts.GetValueOrDefault(s.Substring(i, n)) + 1;
        return counts;
    }
}
