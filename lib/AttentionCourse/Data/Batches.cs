using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Data;

/// <summary>Batch sources for <see cref="Training.Trainer"/>: shuffled rows of tensors, shuffled row indices, or an endless sampler.</summary>
public static class Batches
{
    /// <summary>A permutation of 0..n-1 drawn by <c>Random(seed)</c>, cut into index tensors of <paramref name="batch_size"/> (the last may be smaller).</summary>
    /// <param name="n">Number of rows.</param>
    /// <param name="batch_size">Rows per batch.</param>
    /// <param name="seed">Seed of the permutation, e.g. the epoch number.</param>
    public static IEnumerable<Tensor> Shuffled(int n, int batch_size, int seed)
    {
        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        for (var i = 0; i < n; i += batch_size)
            yield return tensor(order.Skip(i).Take(batch_size).Select(x => (long)x).ToArray(), ScalarType.Int64);
    }

    /// <summary>
    /// Rows of <paramref name="tensors"/> (all with the same first dimension N) in mini-batches, reshuffled every epoch by
    /// a permutation drawn from <c>Random(seed + epoch)</c>: batch b of epoch e is <c>[t[idx] for t in tensors]</c>. The
    /// source <see cref="Training.Trainer"/> takes for in-memory data sets.
    /// </summary>
    /// <param name="tensors">The data, e.g. <c>[x (N, ...), y (N)]</c>.</param>
    /// <param name="batch_size">Rows per batch (the last one of an epoch may be smaller).</param>
    /// <param name="seed">Seed of epoch 0's permutation; default 0.</param>
    /// <param name="shuffle">False keeps the rows in order; default true.</param>
    public static Func<int, IEnumerable<Tensor[]>> FromTensors(Tensor[] tensors, int batch_size, int seed = 0, bool shuffle = true)
    {
        if (tensors.Length == 0) throw new ArgumentException("FromTensors needs at least one tensor.", nameof(tensors));
        long n = tensors[0].shape[0];
        if (tensors.FirstOrDefault(t => t.shape[0] != n) is { } odd)
            throw new ArgumentException($"Every tensor needs {n} rows; one has shape ({string.Join(", ", odd.shape)}).", nameof(tensors));
        if (batch_size < 1) throw new ArgumentOutOfRangeException(nameof(batch_size), batch_size, "A batch needs at least one row.");
        return epoch => Rows(tensors, (int)n, batch_size, seed + epoch, shuffle);
    }

    static IEnumerable<Tensor[]> Rows(Tensor[] tensors, int n, int batch_size, int seed, bool shuffle)
    {
        var indices = shuffle ? Shuffled(n, batch_size, seed)
            : Enumerable.Range(0, (n + batch_size - 1) / batch_size)
                .Select(b => arange(b * (long)batch_size, Math.Min(n, (b + 1) * (long)batch_size), dtype: ScalarType.Int64));
        foreach (var idx in indices) yield return tensors.Select(t => t.index_select(0, idx)).ToArray();
    }

    /// <summary>
    /// Rows of <paramref name="tensors"/> in mini-batches, reshuffled every epoch by <c>torch.randperm(N)</c> drawn from
    /// <paramref name="generator"/> (null: TorchSharp's global generator, which <c>Seed.Everything</c> seeds). The same
    /// rows as <see cref="FromTensors"/>, in the order TorchSharp's random stream gives: chapters 09 and 11 shuffle this way.
    /// </summary>
    /// <param name="tensors">The data, e.g. <c>[ids (N, T), mask (N, T), labels (N)]</c>.</param>
    /// <param name="batch_size">Rows per batch (the last one of an epoch may be smaller).</param>
    /// <param name="generator">The generator of the permutations, or null for the global one; each epoch draws the next.</param>
    public static Func<int, IEnumerable<Tensor[]>> Permuted(Tensor[] tensors, int batch_size, Generator? generator = null)
    {
        if (tensors.Length == 0) throw new ArgumentException("Permuted needs at least one tensor.", nameof(tensors));
        long n = tensors[0].shape[0];
        if (tensors.FirstOrDefault(t => t.shape[0] != n) is { } odd)
            throw new ArgumentException($"Every tensor needs {n} rows; one has shape ({string.Join(", ", odd.shape)}).", nameof(tensors));
        if (batch_size < 1) throw new ArgumentOutOfRangeException(nameof(batch_size), batch_size, "A batch needs at least one row.");
        return _ => PermutedRows(tensors, n, batch_size, generator);
    }

    static IEnumerable<Tensor[]> PermutedRows(Tensor[] tensors, long n, int batch_size, Generator? generator)
    {
        long[] order;
        using (var perm = randperm(n, generator: generator)) order = perm.data<long>().ToArray();   // drawn when the epoch starts
        for (long start = 0; start < n; start += batch_size)
        {
            using var idx = tensor(order[(int)start..(int)Math.Min(n, start + batch_size)], ScalarType.Int64);
            yield return tensors.Select(t => t.index_select(0, idx)).ToArray();
        }
    }

    /// <summary>
    /// An endless source: every batch is a fresh <paramref name="draw"/>() (e.g. random windows of a text). Train it with
    /// a step budget (<c>TrainingConfig.Steps</c>).
    /// </summary>
    /// <typeparam name="TBatch">What one draw returns.</typeparam>
    /// <param name="draw">Draws one batch; seed its generator for repeatable runs.</param>
    public static Func<int, IEnumerable<TBatch>> Sampled<TBatch>(Func<TBatch> draw)
    {
        return _ => Endless();
        IEnumerable<TBatch> Endless()
        {
            while (true) yield return draw();
        }
    }
}
