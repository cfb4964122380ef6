using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tasks;

/// <summary>
/// The induction task (Olsson et al. 2022, "In-context learning and induction heads"): a random sequence of
/// <c>half</c> tokens followed by the same sequence again. The first half is unpredictable; in the second half the
/// next token is predictable by looking back at what followed the current token last time. Used in chapter 10.
/// </summary>
public static class RepeatedSequences
{
    /// <summary>A batch of repeated random sequences.</summary>
    /// <param name="batch_size">B.</param>
    /// <param name="half">Length of the random part; sequences are 2 × half long.</param>
    /// <param name="vocab">Tokens are drawn uniformly from [0, vocab).</param>
    /// <param name="generator">Seeded generator.</param>
    /// <returns>x (B, 2·half − 1) and y (B, 2·half − 1) = x shifted by one, int64.</returns>
    public static (Tensor x, Tensor y) Batch(int batch_size, int half, long vocab, Generator generator)
    {
        using var scope = NewDisposeScope();
        var first = randint(vocab, [batch_size, half], generator: generator);  // (B, half)
        var seq = cat([first, first], 1);                                       // (B, 2 half)
        return (seq[.., ..^1].MoveToOuterDisposeScope(), seq[.., 1..].MoveToOuterDisposeScope());
    }
}
