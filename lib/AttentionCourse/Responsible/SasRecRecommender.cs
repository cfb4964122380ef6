using AttentionCourse.Data;
using AttentionCourse.Recommendation;
using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Responsible;

/// <summary>
/// Chapter 17's <see cref="SasRec"/> (two causal self-attention blocks) as an <see cref="IRecommender"/> for chapter 21's
/// feedback loop. Each fit trains on every user's whole history at once (next item at every position, cross-entropy over
/// the catalogue, as <see cref="SequenceTraining.Fit"/> does) through the course's <see cref="Trainer"/>; retraining is
/// warm, like <see cref="AttentionRecommender"/>: <paramref name="firstEpochs"/> from scratch, then
/// <paramref name="laterEpochs"/> more per round. Scores come from <see cref="SequenceTraining.ScoreNext"/>.
/// </summary>
/// <param name="items">Catalogue size N (the loop's item i is SASRec's id i + 1).</param>
/// <param name="seed">Seed of the initial weights and the batch order.</param>
/// <param name="maxLen">History slots T; default 20 (longer histories keep their last T clicks).</param>
/// <param name="firstEpochs">Epochs of the first fit; default 40.</param>
/// <param name="laterEpochs">Epochs of each later fit; default 5.</param>
public sealed class SasRecRecommender(int items, int seed, int maxLen = 20, int firstEpochs = 40, int laterEpochs = 5) : IRecommender
{
    SasRec? model;
    optim.Optimizer? optimizer;
    int fits;

    /// <inheritdoc/>
    public string Name => "SASRec (ch. 17)";

    /// <summary>The trained model (null before the first fit).</summary>
    public SasRec? Model => model;

    static int[][] Ids(IReadOnlyList<IReadOnlyList<int>> histories) => [.. histories.Select(h => h.Select(i => i + 1).ToArray())];

    /// <inheritdoc/>
    public void Fit(IReadOnlyList<IReadOnlyList<int>> histories)
    {
        if (model is null)
        {
            manual_seed(seed);
            model = new SasRec(new SasRecConfig(items, MaxLen: maxLen));
            optimizer = optim.Adam(model.parameters(), lr: 2e-3);
        }
        var seqs = Ids(histories).Select(s => s.Length > maxLen + 1 ? s[^(maxLen + 1)..] : s).ToArray();
        var x = SequenceSplit.Pad(seqs.Select(s => s[..^1]).ToArray(), maxLen);   // (U, T) inputs
        var y = SequenceSplit.Pad(seqs.Select(s => s[1..]).ToArray(), maxLen);    // (U, T) next items, 0 = no target
        Trainer.Fit(model, optimizer!, Batches.FromTensors([x, y], batch_size: 64, seed: seed * 1000 + fits * 50),
            loss: b => nn.functional.cross_entropy(model.Logits(b[0]).flatten(0, 1), b[1].flatten(), ignore_index: 0),
            config: TrainingConfig.Quiet with { Epochs = fits == 0 ? firstEpochs : laterEpochs, Threads = 1 });
        fits++;
    }

    /// <inheritdoc/>
    public float[,] Score(IReadOnlyList<IReadOnlyList<int>> histories)
    {
        if (model is null) throw new InvalidOperationException("Fit the recommender before scoring.");
        var rows = SequenceTraining.ScoreNext(model, Ids(histories), maxLen);       // (U)(N + 1), [0] = padding
        var scores = new float[histories.Count, items];
        for (int u = 0; u < rows.Length; u++)
            for (int i = 0; i < items; i++) scores[u, i] = (float)rows[u][i + 1];
        return scores;
    }
}
