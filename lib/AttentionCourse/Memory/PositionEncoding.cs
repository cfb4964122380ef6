using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Memory;

/// <summary>
/// The position encoding of end-to-end memory networks (Sukhbaatar et al. 2015, section 4.1): a sentence of J words is
/// embedded as Σ_j l_j ⊙ A x_j with l_kj = (1 − j/J) − (k/d)(1 − 2j/J), j = 1..J the word's position and k = 1..d the
/// embedding dimension. Unlike a plain bag of words it tells "anna picked up the ball" from "the ball picked up anna".
/// Used in chapter 11.
/// </summary>
public static class PositionEncoding
{
    /// <summary>The matrix l for one sentence of <paramref name="J"/> words: row j − 1 is l_j, l[j − 1, k − 1] = (1 − j/J) − (k/d)(1 − 2j/J).</summary>
    /// <param name="J">Words in the sentence, at least 1.</param>
    /// <param name="d">Embedding width.</param>
    /// <returns>(J, d) float32.</returns>
    public static Tensor Matrix(long J, long d)
    {
        using var scope = NewDisposeScope();
        var lengths = tensor(new[] { J });                                        // (1): one sentence of J words
        return ForLengths(lengths, J, d)[0].MoveToOuterDisposeScope();            // (J, d)
    }

    /// <summary>
    /// l for a batch of left-aligned sentences of different lengths, each with its own J; positions past a sentence's
    /// end get 0 (they hold padding, whose embedding is 0 anyway).
    /// </summary>
    /// <param name="lengths">Words per sentence J, any shape (...), int64; J = 0 gives an all-zero matrix.</param>
    /// <param name="W">Word slots per sentence (the padded width).</param>
    /// <param name="d">Embedding width.</param>
    /// <returns>(..., W, d) float32.</returns>
    public static Tensor ForLengths(Tensor lengths, long W, long d)
    {
        using var scope = NewDisposeScope();
        var J = lengths.to_type(ScalarType.Float32).clamp_min(1).unsqueeze(-1).unsqueeze(-1);  // (..., 1, 1)
        var j = arange(1, W + 1, dtype: ScalarType.Float32, device: lengths.device).unsqueeze(-1); // (W, 1)
        var k = arange(1, d + 1, dtype: ScalarType.Float32, device: lengths.device);             // (d)
        var l = (1 - j / J) - (k / d) * (1 - 2 * j / J);                                          // (..., W, d)
        var real = j.le(lengths.unsqueeze(-1).unsqueeze(-1));                                     // (..., W, 1)
        return (l * real).MoveToOuterDisposeScope();
    }

    /// <summary>l for padded word ids, J = number of non-padding ids in each sentence (padding id 0, real words first).</summary>
    /// <param name="words">Word ids (..., W), int64.</param>
    /// <param name="d">Embedding width.</param>
    /// <returns>(..., W, d).</returns>
    public static Tensor ForWords(Tensor words, long d)
    {
        using var scope = NewDisposeScope();
        var lengths = words.ne(0).sum(-1);                                        // (...)
        return ForLengths(lengths, words.shape[^1], d).MoveToOuterDisposeScope(); // (..., W, d)
    }
}
