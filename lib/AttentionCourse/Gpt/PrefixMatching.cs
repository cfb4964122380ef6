using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Gpt;

/// <summary>
/// The induction-head measurement of Olsson et al. (2022, "In-context learning and induction heads"), prefix matching:
/// for query position t, the share of a head's attention on the keys j + 1 where x_j = x_t and j &lt; t, that is, on the
/// token that followed an earlier occurrence of the current token. Used in chapter 10.
/// </summary>
public static class PrefixMatching
{
    /// <summary>The target keys: (B, T, T) bool, true at [b, t, j + 1] when x[b, j] = x[b, t] for some j &lt; t.</summary>
    /// <param name="tokens">Token ids (B, T).</param>
    public static Tensor Targets(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        long T = tokens.shape[1];
        var same = tokens.unsqueeze(2).eq(tokens.unsqueeze(1));                   // (B, T, T): [t, j] x_t = x_j
        var previous = same.logical_and(ones(T, T, ScalarType.Bool).tril(-1));     // (B, T, T): and j < t
        var targets = zeros_like(previous);                                        // (B, T, T)
        targets[.., .., 1..] = previous[.., .., ..^1];                             // key j + 1 (≤ t since j < t)
        return targets.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Per head, the mean over the chosen queries of the attention weight on the target keys of <see cref="Targets"/>.
    /// </summary>
    /// <param name="weights">Attention weights (B, h, T, T) of one layer, rows = queries.</param>
    /// <param name="tokens">The input ids (B, T).</param>
    /// <param name="queries">Which query positions to average over, (B, T) bool.</param>
    /// <returns>h scores in [0, 1].</returns>
    public static double[] Scores(Tensor weights, Tensor tokens, Tensor queries)
    {
        using var scope = NewDisposeScope();
        var onTargets = (weights * Targets(tokens).unsqueeze(1)).sum(-1);          // (B, h, T)
        var chosen = queries.unsqueeze(1).to_type(weights.dtype);                  // (B, 1, T)
        var perHead = (onTargets * chosen).sum([0, 2]) / chosen.sum();              // (h)
        return perHead.to_type(ScalarType.Float64).data<double>().ToArray();
    }

    /// <summary>The same score for causal attention spread uniformly over keys 0..t: mean of |targets(t)| / (t + 1).</summary>
    /// <param name="tokens">The input ids (B, T).</param>
    /// <param name="queries">Which query positions to average over, (B, T) bool.</param>
    public static double Chance(Tensor tokens, Tensor queries)
    {
        using var scope = NewDisposeScope();
        long T = tokens.shape[1];
        var share = Targets(tokens).sum(-1).to_type(ScalarType.Float64) / arange(1, T + 1, ScalarType.Float64);  // (B, T)
        var chosen = queries.to_type(ScalarType.Float64);
        return ((share * chosen).sum() / chosen.sum()).item<double>();
    }
}
