using AttentionCourse.Data;
using AttentionCourse.Metrics;
using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Recommendation;

/// <summary>HR@k and NDCG@k of one model, by full ranking over the catalogue and against sampled negatives.</summary>
/// <param name="HitRate">HR@k, full ranking.</param>
/// <param name="Ndcg">NDCG@k, full ranking.</param>
/// <param name="SampledHitRate">HR@k among the target and the sampled negatives.</param>
/// <param name="SampledNdcg">NDCG@k among the target and the sampled negatives.</param>
public sealed record RankingScores(double HitRate, double Ndcg, double SampledHitRate, double SampledNdcg);

/// <summary>
/// Training and evaluation of next-item models (chapters 17 and 21): <see cref="Fit"/> through the course's one
/// <see cref="Trainer"/> with cross-entropy over the catalogue at every position, <see cref="ScoreNext"/> for the
/// scores after a history, and the ranks and metrics of a held-out item.
/// </summary>
public static class SequenceTraining
{
    /// <summary>
    /// Trains with Adam on the cross-entropy of the next item at every real position (the paper trains a binary loss
    /// with one sampled negative; with a few hundred items the full softmax is affordable). Validates full-ranking
    /// NDCG@10 on the validation targets every epoch and keeps the best (early stopping, patience 3).
    /// Defaults: 30 epochs, batch 128, learning rate 2e-3, one thread, quiet.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="split">The split.</param>
    /// <param name="epochs">Passes; default 30.</param>
    /// <param name="seed">Seed of the batch order and <c>torch.manual_seed</c>; default 0.</param>
    /// <param name="lr">Adam's rate; default 2e-3.</param>
    /// <param name="config">Overrides the training config (Epochs, Seed, EarlyStop are set here); default quiet, 1 thread.</param>
    public static TrainingHistory Fit(NextItemModel model, SequenceSplit split, int epochs = 30, int seed = 0, double lr = 2e-3,
        TrainingConfig? config = null)
    {
        var optimizer = optim.Adam(model.parameters(), lr);
        return Trainer.Fit(model, optimizer,
            Batches.FromTensors([split.TrainInput, split.TrainTarget], batch_size: 128, seed: seed),
            b => nn.functional.cross_entropy(model.Logits(b[0]).flatten(0, 1), b[1].flatten(), ignore_index: 0),
            (config ?? TrainingConfig.Quiet with { Threads = 1 }) with
            {
                Epochs = epochs, Seed = seed, EarlyStop = new EarlyStop("ndcg@10", Patience: 3),
            },
            () => Ranking.NdcgAtK(FullRanks(ScoreNext(model, split.ValidationHistory, split.MaxLen), split.ValidationTarget), 10),
            "ndcg@10", b => b[1].ne(0).sum().item<long>());
    }

    /// <summary>The scores of every item (index = id, [0] = −∞) after each history, from the model's last position.</summary>
    /// <param name="model">The model.</param>
    /// <param name="histories">Item ids per user, oldest first.</param>
    /// <param name="maxLen">History slots T.</param>
    public static double[][] ScoreNext(NextItemModel model, IReadOnlyList<int[]> histories, int maxLen)
    {
        model.eval();
        using var grad = no_grad();
        var rows = new List<double[]>();
        for (int s = 0; s < histories.Count; s += 1024)
        {
            using var scope = NewDisposeScope();
            var chunk = histories.Skip(s).Take(1024).ToArray();
            var last = model.Logits(SequenceSplit.Pad(chunk, maxLen))[.., -1].to(ScalarType.Float64); // (b, N + 1)
            var flat = last.data<double>().ToArray();
            int width = (int)last.shape[1];
            for (int r = 0; r < chunk.Length; r++) rows.Add(flat[(r * width)..((r + 1) * width)]);
        }
        return [.. rows];
    }

    /// <summary>
    /// 1-based rank of each target among all items 1..N: 1 + (items scoring higher) + ⌊(other items scoring the same) / 2⌋,
    /// so ties cost half their width instead of favouring count models.
    /// </summary>
    /// <param name="scores">Scores per user indexed by item id (index 0 ignored).</param>
    /// <param name="targets">Target id per user.</param>
    public static int[] FullRanks(IReadOnlyList<double[]> scores, IReadOnlyList<int> targets) =>
        Enumerable.Range(0, targets.Count).Select(u => Rank(scores[u], targets[u], Enumerable.Range(1, scores[u].Length - 1))).ToArray();

    /// <summary>
    /// 1-based rank of each target among itself and <paramref name="negatives"/> items drawn uniformly without
    /// replacement from the items the user never interacted with (SASRec's protocol), by <c>Random(seed)</c>.
    /// </summary>
    /// <param name="scores">Scores per user indexed by item id.</param>
    /// <param name="targets">Target id per user.</param>
    /// <param name="seen">Items of each user's whole sequence (never drawn as negatives).</param>
    /// <param name="negatives">Negatives per user; default 100.</param>
    /// <param name="seed">Seed of the draw; default 0.</param>
    public static int[] SampledRanks(IReadOnlyList<double[]> scores, IReadOnlyList<int> targets, IReadOnlyList<int[]> seen,
        int negatives = 100, int seed = 0)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, targets.Count).Select(u =>
        {
            var pool = Enumerable.Range(1, scores[u].Length - 1).Except(seen[u]).Append(targets[u]).Distinct().Where(i => i != targets[u]).ToArray();
            random.Shuffle(pool);
            return Rank(scores[u], targets[u], pool.Take(negatives).Append(targets[u]));
        }).ToArray();
    }

    static int Rank(double[] s, int target, IEnumerable<int> candidates)
    {
        int higher = 0, ties = 0;
        foreach (var i in candidates)
        {
            if (i == target) continue;
            if (s[i] > s[target]) higher++;
            else if (s[i] == s[target]) ties++;
        }
        return 1 + higher + ties / 2;
    }

    /// <summary>HR@k and NDCG@k both ways for one model's test scores.</summary>
    /// <param name="scores">Scores per user indexed by item id.</param>
    /// <param name="targets">Target per user.</param>
    /// <param name="seen">Items of each user's whole sequence.</param>
    /// <param name="k">Cut-off; default 10.</param>
    /// <param name="seed">Seed of the negatives (use the same for every model); default 0.</param>
    public static RankingScores Evaluate(IReadOnlyList<double[]> scores, IReadOnlyList<int> targets, IReadOnlyList<int[]> seen,
        int k = 10, int seed = 0)
    {
        var (full, sampled) = (FullRanks(scores, targets), SampledRanks(scores, targets, seen, seed: seed));
        return new RankingScores(Ranking.HitRateAtK(full, k), Ranking.NdcgAtK(full, k),
            Ranking.HitRateAtK(sampled, k), Ranking.NdcgAtK(sampled, k));
    }

    /// <summary>
    /// The attention of the last position over the history in each block, averaged over heads: (blocks, B, T).
    /// </summary>
    /// <param name="model">A trained SASRec.</param>
    /// <param name="histories">Histories, left-padded to the model's MaxLen.</param>
    public static Tensor LastPositionAttention(SasRec model, IReadOnlyList<int[]> histories)
    {
        model.eval();
        model.need_weights = true;
        try
        {
            using var grad = no_grad();
            using var scope = NewDisposeScope();
            model.forward(SequenceSplit.Pad(histories, model.config.MaxLen));
            return stack(model.blocks.Select(b => b.attention_weights![.., .., -1].mean([1])).ToArray())  // (blocks, B, T)
                .MoveToOuterDisposeScope();
        }
        finally { model.need_weights = false; }
    }

    /// <summary>
    /// Mean attention weight on the item that caused the test target, over the users whose last item was caused (not a
    /// popularity draw), with two chance levels: uniform over the whole history and uniform over the last
    /// <see cref="SequenceConfig.Window"/> items.
    /// </summary>
    /// <param name="weights">Last-position attention (B, T) of one block, histories left-padded to T (the test histories).</param>
    /// <param name="log">The log whose sequences were split (test history = all but the last item).</param>
    public static (double Share, double ChanceHistory, double ChanceWindow, int Users) ShareOnCause(Tensor weights, SequenceLog log)
    {
        int T = (int)weights.shape[1];
        var w = weights.to(ScalarType.Float64).data<double>().ToArray();
        var users = Enumerable.Range(0, log.Sequences.Length).Where(u => log.Causes[u][^1] >= 0).ToArray();
        if (users.Length == 0) throw new ArgumentException("No user's last item has a cause.", nameof(log));
        double Slot(int u) => w[u * T + T - Math.Min(T, log.Sequences[u].Length - 1) + log.Causes[u][^1]
            - Math.Max(0, log.Sequences[u].Length - 1 - T)];
        int Len(int u) => Math.Min(T, log.Sequences[u].Length - 1);
        return (users.Average(Slot), users.Average(u => 1.0 / Len(u)),
            users.Average(u => 1.0 / Math.Min(log.Config.Window, Len(u))), users.Length);
    }

    /// <summary>
    /// The chance that an item of full rank r still lands in the top k against n negatives drawn uniformly without
    /// replacement from the other N − 1 items: P(X ≤ k − 1) for X ~ Hypergeometric(N − 1, r − 1, n), the number of
    /// better-ranked items drawn. Why sampled metrics flatter (Krichene and Rendle 2020).
    /// </summary>
    /// <param name="fullRank">1-based rank among all items.</param>
    /// <param name="others">N − 1, the items other than the target.</param>
    /// <param name="negatives">n, negatives drawn.</param>
    /// <param name="k">Cut-off.</param>
    public static double SampledHitProbability(int fullRank, int others, int negatives, int k)
    {
        double LogChoose(int a, int b) => b < 0 || b > a ? double.NegativeInfinity : LogFactorial(a) - LogFactorial(b) - LogFactorial(a - b);
        int better = fullRank - 1;
        double p = 0;
        for (int x = 0; x <= Math.Min(k - 1, negatives); x++)
            p += Math.Exp(LogChoose(better, x) + LogChoose(others - better, negatives - x) - LogChoose(others, negatives));
        return Math.Min(1.0, p);
    }

    static double LogFactorial(int n)
    {
        double s = 0;
        for (int i = 2; i <= n; i++) s += Math.Log(i);
        return s;
    }
}
