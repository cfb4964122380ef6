using static TorchSharp.torch;

namespace AttentionCourse.Positions;

/// <summary>
/// Chapter 04's two tagging tasks whose answer depends on where a token is, not only on which tokens are
/// present: a model that cannot see positions can only guess. Tokens are digits 0..vocab_size-1, drawn
/// uniformly from System.Random(seed).
/// </summary>
public static class OrderTasks
{
    /// <summary>Target value that cross-entropy skips (PyTorch's default ignore_index).</summary>
    public const long IgnoreIndex = -100;

    /// <summary>Reversal as tagging: target y_t = x_(T-1-t), the token at the mirror position.</summary>
    /// <param name="count">Number of sequences N.</param>
    /// <param name="length">Sequence length T.</param>
    /// <param name="seed">Seed of System.Random.</param>
    /// <param name="vocab_size">Number of distinct tokens; default 10.</param>
    /// <returns>x (N, T) and y (N, T), int64.</returns>
    public static (Tensor x, Tensor y) Reversal(int count, int length, int seed, int vocab_size = 10)
    {
        var x = Digits(count, length, seed, vocab_size);                      // (N, T)
        return (x, x.flip(1));                                                // y_t = x_(T-1-t)
    }

    /// <summary>Previous token: target y_t = x_(t-1) for t >= 1; y_0 = <see cref="IgnoreIndex"/> (no previous token).</summary>
    /// <param name="count">Number of sequences N.</param>
    /// <param name="length">Sequence length T.</param>
    /// <param name="seed">Seed of System.Random.</param>
    /// <param name="vocab_size">Number of distinct tokens; default 10.</param>
    /// <returns>x (N, T) and y (N, T), int64.</returns>
    public static (Tensor x, Tensor y) PreviousToken(int count, int length, int seed, int vocab_size = 10)
    {
        var x = Digits(count, length, seed, vocab_size);                      // (N, T)
        var first = full(count, 1, IgnoreIndex, dtype: int64);                // (N, 1)
        return (x, cat([first, x[.., ..(length - 1)]], dim: 1));               // (N, T)
    }

    /// <summary>
    /// Neighbours, chapter 03's two-lookup task: at every position predict both the previous and the next token,
    /// y[n, t, 0] = x_(t-1) and y[n, t, 1] = x_(t+1), with <see cref="IgnoreIndex"/> where there is none.
    /// </summary>
    /// <param name="count">Number of sequences N.</param>
    /// <param name="length">Sequence length T.</param>
    /// <param name="seed">Seed of System.Random.</param>
    /// <param name="vocab_size">Number of distinct tokens; default 10.</param>
    /// <returns>x (N, T) and y (N, T, 2), int64.</returns>
    public static (Tensor x, Tensor y) Neighbours(int count, int length, int seed, int vocab_size = 10)
    {
        var x = Digits(count, length, seed, vocab_size);                      // (N, T)
        var none = full(count, 1, IgnoreIndex, dtype: int64);                 // (N, 1)
        var previous = cat([none, x[.., ..(length - 1)]], dim: 1);            // (N, T)
        var next = cat([x[.., 1..], none], dim: 1);                           // (N, T)
        return (x, stack([previous, next], dim: -1));                         // (N, T, 2)
    }

    /// <summary>Fraction of correct argmax predictions at each position, skipping <see cref="IgnoreIndex"/> targets.</summary>
    /// <param name="logits">(N, T, V).</param>
    /// <param name="y">(N, T) targets.</param>
    /// <returns>T accuracies; NaN at a position whose every target is ignored.</returns>
    public static double[] AccuracyByPosition(Tensor logits, Tensor y)
    {
        using var scope = NewDisposeScope();
        var valid = y.ne(IgnoreIndex).to_type(float32);                       // (N, T)
        var correct = logits.argmax(-1).eq(y).to_type(float32) * valid;       // (N, T)
        var accuracy = correct.sum(0L) / valid.sum(0L);                         // (T)
        return accuracy.data<float>().Select(v => (double)v).ToArray();
    }

    static Tensor Digits(int count, int length, int seed, int vocab_size)
    {
        var random = new Random(seed);
        var digits = new long[count * length];
        for (int i = 0; i < digits.Length; i++) digits[i] = random.Next(vocab_size);
        return tensor(digits).reshape(count, length);
    }
}
