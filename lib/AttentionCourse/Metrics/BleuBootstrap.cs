namespace AttentionCourse.Metrics;

/// <summary>A bootstrap interval of corpus BLEU, and the paired comparison of two systems on the same resamples.</summary>
/// <param name="Low">2.5th percentile of BLEU over the resamples, in [0, 1].</param>
/// <param name="High">97.5th percentile.</param>
/// <param name="ShareBetter">With a second system: the share of resamples where the first scores strictly higher; else NaN.</param>
public sealed record BleuInterval(double Low, double High, double ShareBetter);

/// <summary>
/// Bootstrap resampling for BLEU (Koehn 2004): draw the test sentences with replacement, score the resampled corpus, repeat;
/// the spread of the scores says how much of a gap between two systems could be the luck of the test set. Paired: both
/// systems are scored on the same resamples, and a system that wins in 95% of them is better at p ≈ 0.05. Used in chapter 08.
/// </summary>
public static class BleuBootstrap
{
    /// <summary>95% interval of <paramref name="system"/>'s BLEU and, when <paramref name="other"/> is given, how often it beats it.</summary>
    /// <param name="system">Hypotheses of the system.</param>
    /// <param name="references">One reference per sentence.</param>
    /// <param name="other">Hypotheses of a second system on the same sentences, or null.</param>
    /// <param name="samples">Resamples; default 1,000.</param>
    /// <param name="seed">Seed of the resampling; default 0.</param>
    public static BleuInterval Interval(IReadOnlyList<IReadOnlyList<string>> system, IReadOnlyList<IReadOnlyList<string>> references,
        IReadOnlyList<IReadOnlyList<string>>? other = null, int samples = 1000, int seed = 0)
    {
        var a = Statistics(system, references);
        var b = other is null ? null : Statistics(other, references);
        var random = new Random(seed);
        var scores = new double[samples];
        int better = 0;
        var pick = new int[references.Count];
        for (int s = 0; s < samples; s++)
        {
            for (int i = 0; i < pick.Length; i++) pick[i] = random.Next(pick.Length);
            scores[s] = Score(a, pick);
            if (b is not null && scores[s] > Score(b, pick)) better++;
        }
        Array.Sort(scores);
        return new BleuInterval(Percentile(scores, 0.025), Percentile(scores, 0.975), b is null ? double.NaN : better / (double)samples);
    }

    /// <summary>Per sentence: clipped matches and hypothesis n-grams for n = 1..4, then c and r.</summary>
    static long[][] Statistics(IReadOnlyList<IReadOnlyList<string>> hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"{hypotheses.Count} hypotheses but {references.Count} references.", nameof(references));
        return hypotheses.Select((h, s) =>
        {
            var row = new long[10];
            for (int n = 1; n <= 4; n++)
            {
                var reference = Bleu.NGrams(references[s], n);
                foreach (var (gram, count) in Bleu.NGrams(h, n))
                {
                    row[2 * (n - 1)] += Math.Min(count, reference.GetValueOrDefault(gram));
                    row[2 * (n - 1) + 1] += count;
                }
            }
            (row[8], row[9]) = (h.Count, references[s].Count);
            return row;
        }).ToArray();
    }

    /// <summary>Corpus BLEU of the picked sentences, from their statistics (the same formula as <see cref="Bleu.Corpus"/>).</summary>
    static double Score(long[][] stats, int[] pick)
    {
        var sum = new long[10];
        foreach (var i in pick) for (int j = 0; j < 10; j++) sum[j] += stats[i][j];
        double logMean = 0;
        for (int n = 0; n < 4; n++)
        {
            if (sum[2 * n] == 0 || sum[2 * n + 1] == 0) return 0;
            logMean += Math.Log((double)sum[2 * n] / sum[2 * n + 1]) / 4;
        }
        double c = sum[8], r = sum[9];
        double bp = c == 0 ? 0 : c > r ? 1 : Math.Exp(1 - r / c);
        return bp * Math.Exp(logMean);
    }

    static double Percentile(double[] sorted, double q) => sorted[(int)Math.Clamp(Math.Round(q * (sorted.Length - 1)), 0, sorted.Length - 1)];
}
