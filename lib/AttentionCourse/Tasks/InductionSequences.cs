using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tasks;

/// <summary>
/// One batch of <see cref="InductionSequences"/>: inputs, next-token targets, and where each row's repeat is.
/// </summary>
/// <param name="x">Inputs (B, N − 1) int64: tokens 0..N − 2 of each sequence.</param>
/// <param name="y">Targets (B, N − 1) int64: tokens 1..N − 1 (x shifted by one).</param>
/// <param name="Starts">Per row, the position s where the first copy begins.</param>
/// <param name="Periods">Per row, the period P: the first copy occupies s..s + P − 1, and the block repeats from s + P to the end.</param>
public sealed record InductionBatch(Tensor x, Tensor y, int[] Starts, int[] Periods)
{
    /// <summary>
    /// The input positions whose target is predictable by copying, (B, N − 1) bool: t ≥ s + P, where x_t = x_{t−P} and
    /// y_t = x_{t−P+1}, the token that followed x_t one period earlier.
    /// </summary>
    public Tensor Predictable()
    {
        long B = x.shape[0], T = x.shape[1];
        var mask = new bool[B * T];
        for (int b = 0; b < B; b++)
            for (int t = Starts[b] + Periods[b]; t < T; t++) mask[b * T + t] = true;
        return tensor(mask).view(B, T);
    }
}

/// <summary>
/// An induction task that needs content matching (Olsson et al. 2022, "In-context learning and induction heads"): in
/// each sequence of N tokens from [0, V), a block A of P distinct tokens starts at a random position s and repeats
/// until the sequence ends (at least twice); the s positions before it hold filler tokens drawn uniformly from the
/// V − P tokens not in A. The period P is drawn per row from the given set and the start is uniform, so no fixed
/// look-back offset solves the task; every earlier occurrence of a token inside the repeats was followed by the same
/// token, and filler never matches, so "attend to the token after the previous occurrence of the current token" is
/// the one rule that predicts the repeats. Used in chapter 10.
/// </summary>
public static class InductionSequences
{
    /// <summary>A batch of sequences.</summary>
    /// <param name="batch_size">B.</param>
    /// <param name="length">N, the tokens per sequence (inputs and targets are N − 1 long); at least 2 max(periods).</param>
    /// <param name="vocab">V, larger than every period (the filler needs tokens outside A).</param>
    /// <param name="periods">The periods to draw from, uniformly.</param>
    /// <param name="random">Seeded source of randomness.</param>
    public static InductionBatch Batch(int batch_size, int length, int vocab, IReadOnlyList<int> periods, Random random)
    {
        if (periods.Count == 0) throw new ArgumentException("Give at least one period.", nameof(periods));
        if (periods.Any(p => p < 1 || p >= vocab || 2 * p > length))
            throw new ArgumentOutOfRangeException(nameof(periods), $"Every period must be in [1, V) = [1, {vocab}) and at most N / 2 = {length / 2}.");
        var tokens = new long[batch_size * length];
        var (starts, pers) = (new int[batch_size], new int[batch_size]);
        var order = Enumerable.Range(0, vocab).ToArray();
        for (int b = 0; b < batch_size; b++)
        {
            int P = periods[random.Next(periods.Count)], s = random.Next(length - 2 * P + 1);
            random.Shuffle(order);                                           // A = order[..P], filler from order[P..]
            for (int t = 0; t < length; t++)
            {
                int j = t - s;
                tokens[b * length + t] = j >= 0 ? order[j % P] : order[P + random.Next(vocab - P)];
            }
            (starts[b], pers[b]) = (s, P);
        }
        using var seq = tensor(tokens).view(batch_size, length);               // (B, N)
        return new InductionBatch(seq[.., ..^1].contiguous(), seq[.., 1..].contiguous(), starts, pers);
    }
}
