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
/// Training and evaluation of a <see cref="MemoryNetwork"/>, and the measurement chapter 11 prints: how often a hop's
/// attention argmax is a gold supporting sentence. Used in chapter 11.
/// </summary>
public static class MemoryTraining
{
    /// <summary>
    /// Minimises the cross-entropy −log â[answer] with Adam on shuffled minibatches (shuffled by a generator seeded with
    /// <paramref name="seed"/>), clipping the gradient norm at 40 as the paper does (section 4.2). Returns the mean loss of every epoch.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="data">Training stories.</param>
    /// <param name="epochs">Passes over the data.</param>
    /// <param name="batch_size">Stories per step; default 32 (the paper's).</param>
    /// <param name="lr">Adam learning rate; default 1e-2.</param>
    /// <param name="seed">Seed of the shuffling; default 0.</param>
    /// <param name="linear_start_epochs">Epochs trained first with <see cref="MemoryNetwork.linear_start"/> on (counted in <paramref name="epochs"/>); default 0.</param>
    public static List<double> Fit(MemoryNetwork model, StoryBatch data, int epochs, int batch_size = 32, double lr = 1e-2, int seed = 0,
        int linear_start_epochs = 0)
    {
        // The tensors are tiny (a batch is 32 x 14 x 5 words): a second intra-op thread only adds synchronisation, and
        // when the cores are shared with other work it made epochs up to 30 times slower (measured for chapter 11).
        int threads = get_num_threads();
        set_num_threads(1);
        try { return FitSingleThreaded(model, data, epochs, batch_size, lr, seed, linear_start_epochs); }
        finally { set_num_threads(threads); }
    }

    static List<double> FitSingleThreaded(MemoryNetwork model, StoryBatch data, int epochs, int batch_size, double lr, int seed, int linear_start_epochs)
    {
        var optimizer = optim.Adam(model.parameters(), lr: lr);
        var generator = new Generator((ulong)seed);
        var losses = new List<double>(epochs);
        long N = data.Count;
        model.train();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            model.linear_start = epoch < linear_start_epochs;
            double sum = 0;
            using var order = randperm(N, generator: generator);
            for (long start = 0; start < N; start += batch_size)
            {
                using var scope = NewDisposeScope();
                var batch = order.narrow(0, start, Math.Min(batch_size, N - start));   // (b)
                optimizer.zero_grad();
                var (logits, _) = model.forward(data.Stories[batch], data.Queries[batch]);
                var loss = nn.functional.cross_entropy(logits, data.Answers[batch]);
                loss.backward();
                nn.utils.clip_grad_norm_(model.parameters(), 40.0);
                optimizer.step();
                sum += loss.item<float>() * batch.shape[0];
            }
            losses.Add(sum / N);
        }
        model.eval();
        return losses;
    }

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
