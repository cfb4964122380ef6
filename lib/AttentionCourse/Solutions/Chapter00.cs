using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solution to the exercise of chapter 00 (setup and tour), verified in CI.</summary>
public static class Chapter00
{
    /// <summary>
    /// Exercise 0.1: the attention weights of 3 zero queries over 3 keys. Every score q · k / sqrt(d_k) is 0, and a
    /// softmax of equal scores is uniform, so every weight is 1/3 whatever the keys.
    /// </summary>
    /// <returns>Weights (3, 3), each 1/3.</returns>
    public static Tensor WeightsForZeroQueries() => full(3, 3, 1.0f / 3);
}
