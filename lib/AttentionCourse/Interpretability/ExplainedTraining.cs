using AttentionCourse.Data;
using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Interpretability;

/// <summary>
/// Trains and evaluates <see cref="ExplainedClassifier"/> on <see cref="MarkedTokens"/> through the course's one loop
/// (<see cref="Trainer"/>): Adam, batches of 64, a warm-up/cosine schedule, a step budget. Used in chapter 20.
/// </summary>
public static class ExplainedTraining
{
    /// <summary>
    /// Seeds TorchSharp, builds a model and trains it with cross-entropy. With <paramref name="pooling_weights"/> the
    /// pooling is not learned: each training sequence is pooled with its given row (the uniform and frozen baselines).
    /// </summary>
    /// <param name="config">Model sizes.</param>
    /// <param name="train">Training data.</param>
    /// <param name="steps">Optimiser steps; default 300 (chapter 20 trains with 300).</param>
    /// <param name="lr">Peak learning rate; default 3e-3.</param>
    /// <param name="seed">Seeds the initialisation and the batch order; default 0.</param>
    /// <param name="pooling_weights">Optional fixed (N, T) pooling weights, one row per training sequence.</param>
    /// <param name="quiet">No progress line (seed loops, tests); default false.</param>
    public static (ExplainedClassifier Model, TrainingHistory History) Train(ExplainedClassifierConfig config, MarkedBatch train,
        int steps = 300, double lr = 3e-3, int seed = 0, Tensor? pooling_weights = null, bool quiet = false)
    {
        manual_seed(seed);
        var model = new ExplainedClassifier(config);
        Tensor[] data = pooling_weights is null ? [train.Ids, train.Mask, train.Labels] : [train.Ids, train.Mask, train.Labels, pooling_weights];
        var optimizer = optim.Adam(model.parameters(), lr);
        var history = Trainer.Fit(model, optimizer, Batches.FromTensors(data, batch_size: 64, seed: seed),
            loss: b => nn.functional.cross_entropy(model.Run(model.Embed(b[0]), b[1], b.Length > 3 ? b[3] : null).Logits, b[2]),
            config: new TrainingConfig
            {
                Steps = steps, Schedule = Schedules.WarmupCosine(steps, warmup: steps / 10), MaxGradNorm = 1.0,
                Threads = 1, Seed = seed, Progress = !quiet,
            });
        return (model, history);
    }

    /// <summary>Predicted class of every sequence (eval mode, no gradients).</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">The sequences.</param>
    /// <param name="pooling_weights">Optional (N, T) pooling weights instead of the learned ones.</param>
    /// <returns>(N) class ids.</returns>
    public static Tensor Predict(ExplainedClassifier model, MarkedBatch data, Tensor? pooling_weights = null)
    {
        model.eval();
        using var _ = no_grad();
        return model.Run(model.Embed(data.Ids), data.Mask, pooling_weights).Logits.argmax(-1);
    }

    /// <summary>Fraction of sequences classified correctly.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">The sequences.</param>
    /// <param name="pooling_weights">Optional (N, T) pooling weights instead of the learned ones.</param>
    public static double Accuracy(ExplainedClassifier model, MarkedBatch data, Tensor? pooling_weights = null)
    {
        using var scope = NewDisposeScope();
        return Predict(model, data, pooling_weights).eq(data.Labels).to_type(ScalarType.Float64).mean().item<double>();
    }
}
