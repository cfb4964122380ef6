using AttentionCourse.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Memory;

/// <summary>A trained <see cref="MemoryNetwork"/>'s answers on a data set, with every hop's attention.</summary>
/// <param name="Predicted">Predicted answer id per story.</param>
/// <param name="Accuracy">Fraction of stories answered correctly.</param>
/// <param name="HopWeights">Per story, per hop, the attention over the story's real sentences: [n][k][i].</param>
/// <param name="Correct">Per story, whether the predicted answer is the gold one.</param>
public sealed record MemoryResult(long[] Predicted, double Accuracy, float[][][] HopWeights, bool[] Correct);

/// <summary>
/// Evaluation of a <see cref="MemoryNetwork"/> (it trains through <see cref="Training.Trainer"/>: Adam, gradient norm
/// clipped at 40 as the paper's section 4.2, one thread), and the measurement chapter 11 prints: how often a hop's
/// attention argmax is a gold supporting sentence. Used in chapter 11.
/// </summary>
public static class MemoryTraining
{
    /// <summary>Answers every story in eval mode without gradients and keeps each hop's attention over the real sentences.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="data">The stories.</param>
    public static MemoryResult Evaluate(MemoryNetwork model, StoryBatch data)
    {
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (logits, hops) = model.forward(data.Stories, data.Queries);         // (N, V), (N, K, S)
        var predicted = logits.argmax(-1);                                      // (N)
        var lengths = data.Stories.ne(0).any(-1).sum(-1).data<long>().ToArray();
        var weights = hops.data<float>().ToArray();
        int K = (int)hops.shape[1], S = (int)hops.shape[2];
        var perStory = Enumerable.Range(0, (int)data.Count).Select(n =>
            Enumerable.Range(0, K).Select(k => weights.AsSpan((n * K + k) * S, (int)lengths[n]).ToArray()).ToArray()).ToArray();
        var correct = predicted.eq(data.Answers);                               // (N)
        var accuracy = correct.to_type(ScalarType.Float64).mean().item<double>();
        return new MemoryResult(predicted.data<long>().ToArray(), accuracy, perStory, correct.data<bool>().ToArray());
    }

    /// <summary>
    /// For every hop k, the fraction of stories whose attention argmax over the sentences is a gold supporting sentence
    /// (any of them, or only gold fact number <paramref name="fact"/> in reading order: 0 = the first a reader needs).
    /// </summary>
    /// <param name="hopWeights">[n][k][i] attention, as in <see cref="MemoryResult.HopWeights"/>.</param>
    /// <param name="stories">The stories, in the same order.</param>
    /// <param name="fact">Compare with <c>Supporting[fact]</c> only; default null = any gold sentence.</param>
    /// <returns>K fractions.</returns>
    public static double[] HopOnGold(IReadOnlyList<float[][]> hopWeights, IReadOnlyList<BabiStory> stories, int? fact = null)
    {
        int K = hopWeights[0].Length;
        var hits = new double[K];
        for (int n = 0; n < stories.Count; n++)
            for (int k = 0; k < K; k++)
            {
                var w = hopWeights[n][k];
                int top = Array.IndexOf(w, w.Max());
                var gold = stories[n].Supporting;
                if (fact is int f ? f < gold.Length && gold[f] == top : gold.Contains(top)) hits[k]++;
            }
        return hits.Select(h => h / stories.Count).ToArray();
    }
}
