using AttentionCourse.Data;
using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Positions;

/// <summary>
/// Chapter 04's experiment: train a <see cref="PositionTagger"/> with one position encoding on a tagging task of
/// <see cref="OrderTasks"/> and measure its accuracy at every position of held-out sequences, which may be longer
/// than the training ones. Adam (learning rate 3e-3), batches of 64, cross-entropy skipping
/// <see cref="OrderTasks.IgnoreIndex"/>, one thread, through the course's <see cref="Trainer"/>.
/// </summary>
public static class PositionExperiment
{
    /// <summary>Trains a fresh tagger and tests it.</summary>
    /// <param name="positions">The position encoding to try.</param>
    /// <param name="train">Training inputs and targets, (N, T) each.</param>
    /// <param name="test">Held-out inputs and targets, (M, T') each; T' may exceed T (up to 64 positions).</param>
    /// <param name="epochs">Passes over the training data; default 20.</param>
    /// <param name="seed">Seed of the initial weights and the batch order; default 0.</param>
    /// <returns>The trained model and its held-out accuracy at each of the T' positions.</returns>
    public static (PositionTagger Model, double[] Accuracy) Run(PositionKind positions, (Tensor x, Tensor y) train,
        (Tensor x, Tensor y) test, int epochs = 20, int seed = 0)
    {
        torch.manual_seed(seed);
        var model = new PositionTagger(10, positions);
        using var optimizer = optim.Adam(model.parameters(), lr: 3e-3);
        Trainer.Fit(model, optimizer, Batches.FromTensors([train.x, train.y], batch_size: 64, seed: seed),
            loss: b => nn.functional.cross_entropy(model.call(b[0]).flatten(0, 1), b[1].flatten()),   // ignore_index -100
            config: new TrainingConfig { Epochs = epochs, Threads = 1, Seed = seed, Progress = false });
        using var noGrad = no_grad();
        using var logits = model.call(test.x);                                 // (M, T', V)
        return (model, OrderTasks.AccuracyByPosition(logits, test.y));
    }
}
