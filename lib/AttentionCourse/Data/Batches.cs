using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Data;

/// <summary>Mini-batches of row indices for training loops. Used in chapters 07 and 08.</summary>
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
}
