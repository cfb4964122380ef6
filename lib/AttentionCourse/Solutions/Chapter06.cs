using AttentionCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions to the exercises of chapter 06 (Attention bugs that look like success), verified in CI.</summary>
public static class Chapter06
{
    /// <summary>Exercise 6.1: the causal mask M_ij = (j &lt;= i), (T, T), true = attend: the diagonal included, the future excluded.</summary>
    /// <param name="T">Sequence length.</param>
    public static Tensor CausalMask(long T) => Masks.Causal(T);

    /// <summary>
    /// Exercise 6.2: the fix of bug 1, masking BEFORE the softmax: softmax(scores with masked entries set to -inf)
    /// over the last axis. (Rows with no allowed key would give NaN here; the library's MaskedSoftmax returns zeros.)
    /// </summary>
    /// <param name="scores">Scores (..., T, S).</param>
    /// <param name="mask">Boolean (..., T, S), true = attend.</param>
    public static Tensor MaskedSoftmax(Tensor scores, Tensor mask) =>
        scores.masked_fill(mask.logical_not(), double.NegativeInfinity).softmax(-1);

    /// <summary>Exercise 6.3: softmax(Q K^T / sqrt(d_k)) V (Vaswani et al. 2017, eq. 1), fixing bugs 2-4 at once.</summary>
    /// <param name="q">Queries (..., T, d_k).</param>
    /// <param name="k">Keys (..., S, d_k).</param>
    /// <param name="v">Values (..., S, d_v).</param>
    /// <returns>(..., T, d_v).</returns>
    public static Tensor Attention(Tensor q, Tensor k, Tensor v)
    {
        using var scope = NewDisposeScope();
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]);   // (..., T, S)
        return scores.softmax(-1).matmul(v).MoveToOuterDisposeScope();           // (..., T, d_v)
    }
    /// <summary>
    /// Exercise 6.4: a property check. Attention is a weighted sum over key-value PAIRS, so reordering the pairs (the
    /// same permutation applied to the keys and to the values) must leave every output unchanged. Throws
    /// <see cref="AttentionCheckException"/> when it does not. Uses S = d_k = 8 keys, the shapes where the published
    /// softmax(Q K^T / sqrt(d_k) + Q) runs at all, so it catches that bug instead of crashing on it.
    /// </summary>
    /// <param name="attention">The attention function under test.</param>
    public static void KeyOrderDoesNotMatter(AttentionFunction attention)
    {
        using var scope = NewDisposeScope();
        var g = new Generator(4);
        var (q, k, v) = (randn([2, 5, 8], generator: g), randn([2, 8, 8], generator: g), randn([2, 8, 8], generator: g));
        var order = randperm(8, generator: g);                                   // a permutation of the 8 keys
        var before = attention(q, k, v, null).output;                            // (2, 5, 8)
        var after = attention(q, k.index_select(1, order), v.index_select(1, order), null).output;   // same pairs
        var change = (before - after).abs().max().item<float>();
        if (!(change <= 1e-5))
            throw new AttentionCheckException($"reordering the key-value pairs changed the output by up to {change:G3}");
    }
}
