using AttentionCourse.Data;
using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Responsible;

/// <summary>
/// <see cref="HistoryAttention"/> as an <see cref="IRecommender"/>: each click after the first is a training example
/// (the window of clicks before it, the clicked item), trained with cross-entropy over the catalogue by the course's
/// <see cref="Trainer"/>. Retraining is warm: the first <see cref="Fit"/> trains <paramref name="firstEpochs"/> epochs
/// from scratch, later ones continue the same weights for <paramref name="laterEpochs"/> epochs on all histories.
/// </summary>
/// <param name="items">Catalogue size N.</param>
/// <param name="seed">Seed of the initial weights and of the batch order.</param>
/// <param name="window">Clicks the model sees, L; default 10.</param>
/// <param name="firstEpochs">Epochs of the first fit; default 12.</param>
/// <param name="laterEpochs">Epochs of each later fit; default 2.</param>
/// <param name="hiddenFromInput">Items never put in a window (still learned as targets and recommended); default none.
/// Chapter 21's privacy mitigation hides sensitive items this way.</param>
public sealed class AttentionRecommender(int items, int seed, int window = 10, int firstEpochs = 12, int laterEpochs = 2,
    Func<int, bool>? hiddenFromInput = null) : IRecommender
{
    HistoryAttention? model;
    optim.Optimizer? optimizer;
    int fits;

    /// <inheritdoc/>
    public string Name => "attention";

    /// <summary>The trained model (null before the first fit).</summary>
    public HistoryAttention? Model => model;

    /// <summary>Window length L.</summary>
    public int Window => window;

    /// <summary>The last <paramref name="L"/> clicks of history[..end] that the model may see, left-padded: ids (L), 0 = padding.</summary>
    public static long[] WindowIds(IReadOnlyList<int> history, int end, int L, Func<int, bool>? hidden = null)
    {
        var kept = history.Take(end).Where(i => hidden is null || !hidden(i)).TakeLast(L).Select(i => (long)i + 1).ToArray();
        return Enumerable.Repeat(0L, L - kept.Length).Concat(kept).ToArray();
    }

    /// <inheritdoc/>
    public void Fit(IReadOnlyList<IReadOnlyList<int>> histories)
    {
        if (model is null)
        {
            manual_seed(seed);
            model = new HistoryAttention(items, window);
            optimizer = optim.Adam(model.parameters(), lr: 3e-3);
        }
        var (x, y) = Examples(histories);
        using var scope = NewDisposeScope();
        Trainer.Fit(model, optimizer!, Batches.FromTensors([x, y], batch_size: 128, seed: seed * 1000 + fits * 50),
            loss: b => nn.functional.cross_entropy(model.call(b[0]), b[1]),
            config: TrainingConfig.Quiet with { Epochs = fits == 0 ? firstEpochs : laterEpochs, Threads = 1 });
        fits++;
    }

    /// <summary>Training pairs: for every click t with a non-empty window before it, (window (L), item).</summary>
    (Tensor x, Tensor y) Examples(IReadOnlyList<IReadOnlyList<int>> histories)
    {
        var xs = new List<long[]>();
        var ys = new List<long>();
        foreach (var h in histories)
            for (int t = 1; t < h.Count; t++)
            {
                var w = WindowIds(h, t, window, hiddenFromInput);
                if (w[^1] == 0) continue;                                    // nothing visible before this click
                xs.Add(w);
                ys.Add(h[t]);
            }
        return (tensor(xs.SelectMany(w => w).ToArray(), [xs.Count, window]), tensor(ys.ToArray()));
    }

    /// <inheritdoc/>
    public float[,] Score(IReadOnlyList<IReadOnlyList<int>> histories) => Explain(histories).Scores;

    /// <summary>Scores and the explanation: the last position's attention over each user's window.</summary>
    /// <param name="histories">One click list per user.</param>
    /// <returns>Scores (U, N), weights (U, L) and the window's item ids (U, L) with −1 for padding.</returns>
    public (float[,] Scores, float[][] Weights, int[][] Items) Explain(IReadOnlyList<IReadOnlyList<int>> histories)
    {
        if (model is null) throw new InvalidOperationException("Fit the recommender before scoring.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var windows = histories.Select(h => WindowIds(h, h.Count, window, hiddenFromInput)).ToArray();
        var logits = model.forward(tensor(windows.SelectMany(w => w).ToArray(), [windows.Length, window]));   // (U, N)
        var weights = model.LastRowWeights();                                                                  // (U, L)
        var scores = new float[histories.Count, items];
        var flat = logits.data<float>().ToArray();
        Buffer.BlockCopy(flat, 0, scores, 0, flat.Length * sizeof(float));
        var w = weights.data<float>().ToArray();
        return (scores,
            Enumerable.Range(0, windows.Length).Select(u => w.Skip(u * window).Take(window).ToArray()).ToArray(),
            windows.Select(ids => ids.Select(id => (int)id - 1).ToArray()).ToArray());
    }
}
