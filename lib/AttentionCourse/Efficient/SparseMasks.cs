using static TorchSharp.torch;

namespace AttentionCourse.Efficient;

/// <summary>
/// Attention patterns that compute only part of the score matrix, as boolean masks (true = computed/attended):
/// a sliding window (local attention, as in Longformer, Beltagy et al. 2020) and a strided pattern (the "fixed"
/// pattern of Sparse Transformers, Child et al. 2019: a local block plus summary columns every <c>stride</c> keys).
/// As masks they show what is attended; a real kernel would skip the false entries. Used in chapter 19.
/// </summary>
public static class SparseMasks
{
    /// <summary>Sliding window: query i attends to keys j with |i - j| ≤ <paramref name="window"/>.</summary>
    /// <param name="n">Sequence length.</param>
    /// <param name="window">Half-width w; the band has 2w + 1 keys.</param>
    /// <returns>(n, n) bool.</returns>
    public static Tensor SlidingWindow(long n, long window)
    {
        var i = arange(n).unsqueeze(1);                                              // (n, 1)
        var j = arange(n).unsqueeze(0);                                              // (1, n)
        return (i - j).abs().le(window);                                             // (n, n)
    }

    /// <summary>
    /// Strided ("fixed") pattern: the sliding window of <paramref name="window"/> plus every key j with
    /// j mod <paramref name="stride"/> = stride - 1, which summarises its block for every query.
    /// </summary>
    /// <param name="n">Sequence length.</param>
    /// <param name="window">Half-width of the local band.</param>
    /// <param name="stride">Distance between summary columns.</param>
    /// <returns>(n, n) bool.</returns>
    public static Tensor Strided(long n, long window, long stride)
    {
        var summary = (arange(n) % stride).eq(stride - 1).unsqueeze(0);              // (1, n)
        return SlidingWindow(n, window).logical_or(summary);                         // (n, n)
    }

    /// <summary>Share of the score matrix a mask computes: its true entries over n².</summary>
    /// <param name="mask">(n, n) bool.</param>
    public static double Density(Tensor mask) => mask.to_type(ScalarType.Float32).mean().item<float>();
}
