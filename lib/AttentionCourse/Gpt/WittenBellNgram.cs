namespace AttentionCourse.Gpt;

/// <summary>
/// An interpolated Witten-Bell character n-gram model (Witten &amp; Bell 1991; Chen &amp; Goodman 1998, §2.5): the
/// strongest simple count baseline for a character language model. For a context h (the previous n − 1 ids) and its
/// shortened context h' (h without its oldest id),
/// P(c | h) = (C(h c) + N₁₊(h •) · P(c | h')) / (C(h) + N₁₊(h •)),
/// where C counts occurrences in the training ids and N₁₊(h •) is the number of distinct ids that followed h; a context never
/// seen falls back to P(c | h'), and the empty context interpolates with the uniform 1/V. Every distribution sums to 1 and
/// no id gets probability 0. Used in chapter 10.
/// </summary>
public sealed class WittenBellNgram
{
    readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);                    // C(h c), key h + c
    readonly Dictionary<string, (int Total, int Types)> contexts = new(StringComparer.Ordinal); // C(h), N₁₊(h •)

    /// <summary>The order n: contexts of up to n − 1 ids.</summary>
    public int Order { get; }

    /// <summary>V, the number of distinct ids.</summary>
    public long Vocab { get; }

    /// <summary>Counts every n-gram of order 1..<paramref name="order"/> in <paramref name="train"/>.</summary>
    /// <param name="train">Training ids in [0, V).</param>
    /// <param name="vocab">V, at most 65,536 (ids are packed into chars).</param>
    /// <param name="order">n ≥ 1; 1 is an interpolated unigram.</param>
    public WittenBellNgram(IReadOnlyList<long> train, long vocab, int order)
    {
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "The order must be at least 1.");
        if (vocab is < 1 or > char.MaxValue + 1) throw new ArgumentOutOfRangeException(nameof(vocab), vocab, "V must be in [1, 65536].");
        (Order, Vocab) = (order, vocab);
        var text = Pack(train);
        for (int t = 0; t < text.Length; t++)
            for (int k = 0; k < order && k <= t; k++)        // the n-gram of length k + 1 ending at t
            {
                var gram = text.Substring(t - k, k + 1);
                int seen = counts.GetValueOrDefault(gram);
                counts[gram] = seen + 1;
                var (total, types) = contexts.GetValueOrDefault(gram[..^1]);
                contexts[gram[..^1]] = (total + 1, types + (seen == 0 ? 1 : 0));
            }
    }

    /// <summary>P(c | context), using the last n − 1 ids of <paramref name="context"/>.</summary>
    /// <param name="context">The ids before c, oldest first (may be shorter than n − 1, or empty).</param>
    /// <param name="c">The next id.</param>
    public double Probability(IReadOnlyList<long> context, long c)
    {
        var h = Pack(context.Skip(Math.Max(0, context.Count - (Order - 1))).ToList());
        return Probability(h, (char)c);
    }

    double Probability(string h, char c)
    {
        double lower = h.Length == 0 ? 1.0 / Vocab : Probability(h[1..], c);
        if (!contexts.TryGetValue(h, out var ctx)) return lower;
        return (counts.GetValueOrDefault(h + c) + ctx.Types * lower) / (ctx.Total + ctx.Types);
    }

    /// <summary>Mean negative log-likelihood −(1/M) Σ_t ln P(y_t | y_{t−n+1..t−1}) of <paramref name="validation"/>, in nats per id; the first ids use the shorter contexts they have.</summary>
    /// <param name="validation">Ids in [0, V).</param>
    public double Nats(IReadOnlyList<long> validation)
    {
        var text = Pack(validation);
        double nll = 0;
        for (int t = 0; t < text.Length; t++)
        {
            int k = Math.Min(t, Order - 1);
            nll -= Math.Log(Probability(text.Substring(t - k, k), text[t]));
        }
        return nll / text.Length;
    }

    static string Pack(IReadOnlyList<long> ids) => string.Create(ids.Count, ids, (span, source) =>
    {
        for (int i = 0; i < span.Length; i++) span[i] = (char)source[i];
    });
}
