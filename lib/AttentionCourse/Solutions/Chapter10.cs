using AttentionCourse.Text;
using AttentionCourse.Attention;
using AttentionCourse.Gpt;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions of the chapter 10 exercises (notebooks/10-tiny-gpt.ipynb).</summary>
public static class Chapter10
{
    /// <summary>Exercise 10.1: M[t, s] = s ≤ past + t, shape (T, past + T).</summary>
    /// <param name="T">New queries.</param>
    /// <param name="past">Cached positions.</param>
    public static Tensor CausalMaskWithPast(long T, long past) => Masks.CausalWithPast(T, past);   // (T, past + T)

    /// <summary>Exercise 10.2: softmax(logits / τ) over the last axis.</summary>
    /// <param name="logits">(B, V).</param>
    /// <param name="tau">Temperature τ &gt; 0.</param>
    public static Tensor TemperatureProbs(Tensor logits, double tau) => (logits / tau).softmax(-1);

    /// <summary>
    /// Exercise 10.4: the prefix-matching targets of Olsson et al. (2022): (B, T, T) bool, true at [b, t, j + 1] when
    /// x[b, j] = x[b, t] for some j &lt; t (same as <see cref="PrefixMatching.Targets"/>, written with a shift of the
    /// "earlier occurrence" matrix).
    /// </summary>
    /// <param name="tokens">Ids (B, T).</param>
    public static Tensor PrefixMatchTargets(Tensor tokens)
    {
        long T = tokens.shape[1];
        var earlier = tokens.unsqueeze(2).eq(tokens.unsqueeze(1)).logical_and(ones(T, T, ScalarType.Bool).tril(-1));  // (B, T, T)
        var none = zeros(tokens.shape[0], T, 1, ScalarType.Bool);                                                     // key 0 is never a target
        return cat([none, earlier[.., .., ..^1]], 2);                                                                 // key j -> j + 1
    }

    /// <summary>Exercise 10.3: the add-one bigram cross-entropy, written out (same as <see cref="NgramBaselines.BigramNats"/>).</summary>
    /// <param name="train">Training ids.</param>
    /// <param name="val">Validation ids.</param>
    /// <param name="V">Vocabulary size.</param>
    public static double BigramNats(long[] train, long[] val, long V)
    {
        var n = new double[V, V];
        var row = new double[V];
        for (int t = 1; t < train.Length; t++) { n[train[t - 1], train[t]]++; row[train[t - 1]]++; }
        double nll = 0;
        for (int t = 1; t < val.Length; t++) nll -= Math.Log((n[val[t - 1], val[t]] + 1) / (row[val[t - 1]] + V));
        return nll / (val.Length - 1);
    }
}
