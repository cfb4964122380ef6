using AttentionCourse.Recommendation;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions of the chapter 17 exercises (notebooks/17-sequential-recommendation.ipynb).</summary>
public static class Chapter17
{
    /// <summary>Exercise 17.1: 1 + items scoring higher + ⌊other items scoring the same / 2⌋, over ids 1..N.</summary>
    /// <param name="scores">Scores indexed by item id (index 0 ignored).</param>
    /// <param name="target">The held-out item.</param>
    public static int Rank(double[] scores, int target)
    {
        int higher = 0, ties = 0;
        for (int i = 1; i < scores.Length; i++)
        {
            if (i == target) continue;
            if (scores[i] > scores[target]) higher++;
            else if (scores[i] == scores[target]) ties++;
        }
        return 1 + higher + ties / 2;
    }

    /// <summary>Exercise 17.2: P(X ≤ k − 1), X ~ Hypergeometric(population N − 1, successes r − 1, draws n).</summary>
    /// <param name="fullRank">r.</param>
    /// <param name="others">N − 1.</param>
    /// <param name="negatives">n.</param>
    /// <param name="k">Cut-off.</param>
    public static double SampledHit(int fullRank, int others, int negatives, int k)
    {
        double LogF(int n) => Enumerable.Range(2, Math.Max(0, n - 1)).Sum(i => Math.Log(i));
        double LogC(int a, int b) => b < 0 || b > a ? double.NegativeInfinity : LogF(a) - LogF(b) - LogF(a - b);
        int better = fullRank - 1;
        return Enumerable.Range(0, k).Sum(x => Math.Exp(LogC(better, x) + LogC(others - better, negatives - x) - LogC(others, negatives)));
    }

    /// <summary>Exercise 17.3: mean last-position weight on the cause of the test item, over users whose last item has one.</summary>
    /// <param name="weights">(U, T) attention of the last position over the left-padded test histories.</param>
    /// <param name="log">The log.</param>
    public static double ShareOnCause(Tensor weights, SequenceLog log)
    {
        long T = weights.shape[1];
        var users = Enumerable.Range(0, log.Sequences.Length).Where(u => log.Causes[u][^1] >= 0);
        return users.Average(u => weights[u, T - (log.Sequences[u].Length - 1) + log.Causes[u][^1]].to(ScalarType.Float64).item<double>());
    }
}
