using AttentionCourse.Attention;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Bugs;

/// <summary>
/// Deliberately WRONG attention variants, the bugs chapter 06 shows. They live only in the test project, so
/// the tests can prove that each check in <see cref="AttentionChecks"/> catches its bug.
/// </summary>
static class BuggyAttention
{
    /// <summary>Bug 1: softmax first, mask afterwards: masked weights are zeroed but rows no longer sum to 1.</summary>
    public static readonly AttentionFunction MaskAfterSoftmax = (q, k, v, mask) =>
    {
        var w = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1])).softmax(-1);   // (B, T, S)
        if (mask is not null) w = w.masked_fill(mask.logical_not(), 0.0);
        return (w.matmul(v), w);
    };

    /// <summary>Bug 2: no 1/sqrt(d_k): scores grow with d_k and the softmax saturates.</summary>
    public static readonly AttentionFunction MissingScale = (q, k, v, mask) =>
    {
        var w = MaskedSoftmax.forward(q.matmul(k.transpose(-2, -1)), mask);           // (B, T, S)
        return (w.matmul(v), w);
    };

    /// <summary>Bug 3: softmax over the query axis (dim -2) instead of the key axis: columns sum to 1, rows do not.</summary>
    public static readonly AttentionFunction SoftmaxOverQueries = (q, k, v, mask) =>
    {
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]);          // (B, T, S)
        if (mask is not null) scores = scores.masked_fill(mask.logical_not(), double.NegativeInfinity);
        var w = scores.softmax(-2);
        return (w.matmul(v), w);
    };

    /// <summary>Bug 4: scores divided by their row sum instead of a softmax: weights can be negative or huge.</summary>
    public static readonly AttentionFunction NormalisedBySum = (q, k, v, mask) =>
    {
        var scores = q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]);          // (B, T, S)
        if (mask is not null) scores = scores.masked_fill(mask.logical_not(), 0.0);
        var w = scores / scores.sum(-1, keepdim: true);
        return (w.matmul(v), w);
    };

    /// <summary>Bug 5: the key padding mask is never applied: padding tokens get weight.</summary>
    public static readonly AttentionFunction IgnoresPadding = (q, k, v, mask) =>
    {
        var w = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1])).softmax(-1);   // (B, T, S)
        return (w.matmul(v), w);
    };

    /// <summary>Bug 6a: causal mask that includes the next position (tril(1)): the model peeks one step ahead.</summary>
    public static Tensor CausalIncludesNext(long T) => ones(T, T, dtype: ScalarType.Bool).tril(1);

    /// <summary>Bug 6b: causal mask that excludes the diagonal (tril(-1)): position 0 sees nothing, t never sees itself.</summary>
    public static Tensor CausalExcludesDiagonal(long T) => ones(T, T, dtype: ScalarType.Bool).tril(-1);
    /// <summary>Published bug: the mask applied to the layer's output after the output projection, then a second softmax over the sequence axis.</summary>
    public static readonly SelfAttentionLayer MaskAfterOutputProjection = (x, mask, p) =>
    {
        var (q, k, v) = p.Project(x);
        var w = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1])).softmax(-1);   // no mask on the scores
        var output = p.Out(w.matmul(v));                                                // (B, T, E)
        if (mask is not null) output = output.masked_fill(mask.transpose(-2, -1).logical_not(), double.NegativeInfinity);
        return (output.softmax(1), w);                                                  // softmax over the sequence axis
    };

    /// <summary>Published bug: S = X Q^T, the input times the queries instead of Q K^T (W_k is never used).</summary>
    public static readonly SelfAttentionLayer ScoresFromInput = (x, mask, p) =>
    {
        var (q, _, v) = p.Project(x);
        var w = MaskedSoftmax.forward(x.matmul(q.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]), mask);
        return (p.Out(w.matmul(v)), w);
    };

    /// <summary>Published bug: V A instead of A V: v (B, S, d) times w (B, T, S) runs only when d = T (as in the layer checks, T = S = E = 8).</summary>
    public static readonly SelfAttentionLayer ValuesTimesWeights = (x, mask, p) =>
    {
        var (q, k, v) = p.Project(x);
        var w = MaskedSoftmax.forward(q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]), mask);
        return (p.Out(v.matmul(w)), w);
    };

    /// <summary>Published bug: softmax(Q K^T / sqrt(d_k) + Q); it broadcasts only when the number of keys equals d_k.</summary>
    public static readonly SelfAttentionLayer QueryAddedInsideSoftmax = (x, mask, p) =>
    {
        var (q, k, v) = p.Project(x);
        var w = MaskedSoftmax.forward(q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]) + q, mask);
        return (p.Out(w.matmul(v)), w);
    };

    /// <summary>The function form of the same bug, for checks that receive q, k, v (runs when S = d_k).</summary>
    public static readonly AttentionFunction QueryAddedInsideSoftmaxFunction = (q, k, v, mask) =>
    {
        var w = MaskedSoftmax.forward(q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1]) + q, mask);
        return (w.matmul(v), w);
    };
}
