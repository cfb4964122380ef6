using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Decoding;

/// <summary>A decoded sequence and its log-probability under the model.</summary>
/// <param name="Tokens">Generated ids, BOS excluded, ending with EOS when the hypothesis finished.</param>
/// <param name="LogProb">log p(Tokens | source) = Σ_t log p(y_t | y_&lt;t, x).</param>
public sealed record Hypothesis(long[] Tokens, double LogProb)
{
    /// <summary>
    /// The score searches compare: LogProb / |Tokens|^alpha (alpha 0: the raw log-probability; alpha about 0.6-1
    /// is the length normalisation of Wu et al. 2016, eq. 14, simplified).
    /// </summary>
    /// <param name="length_alpha">Length exponent alpha; 0 gives the log-probability.</param>
    public double Score(double length_alpha = 0) =>
        length_alpha == 0 ? LogProb : LogProb / Math.Pow(Math.Max(1, Tokens.Length), length_alpha);
}

/// <summary>
/// Greedy and beam-search decoding for any model that gives next-token log-probabilities: an
/// <see cref="INextTokenModel"/> (both the GRU and the Transformer are), or for one source sentence a function
/// <c>next_log_probs(prefixes)</c>: prefixes (k, t) int64, BOS first, all continuations of that sentence, to
/// log-probabilities (k, V) (<see cref="TransformerSteps.For"/> encodes the source once).
/// <para>
/// The course's one convention for every decoder: results exclude BOS, a sequence ends with its first EOS
/// (included), and a batch pads finished rows with PAD until every row has ended or <c>max_len</c> tokens are out.
/// The models' own fast <c>greedy_decode</c> methods keep it too; the tests check them against <see cref="Greedy(INextTokenModel, Tensor, long, long, int, long)"/>.
/// </para>
/// </summary>
public static class Search
{
    /// <summary>Greedy decoding: y_t = argmax p(y | y_&lt;t, x) until EOS or <paramref name="max_len"/> tokens.</summary>
    /// <param name="next_log_probs">The model: prefixes (k, t) -> log-probabilities (k, V).</param>
    /// <param name="bos">Begin-of-sequence id.</param>
    /// <param name="eos">End-of-sequence id.</param>
    /// <param name="max_len">Most tokens generated.</param>
    public static Hypothesis Greedy(Func<Tensor, Tensor> next_log_probs, long bos, long eos, int max_len)
    {
        var tokens = new List<long>();
        var logProb = 0.0;
        while (tokens.Count < max_len)
        {
            using var scope = NewDisposeScope();
            var prefix = tensor(tokens.Prepend(bos).ToArray(), [1, tokens.Count + 1], ScalarType.Int64);
            var (value, index) = next_log_probs(prefix).to_type(ScalarType.Float64).topk(1, dim: -1);
            tokens.Add(index.item<long>());
            logProb += value.item<double>();
            if (tokens[^1] == eos) break;
        }
        return new Hypothesis(tokens.ToArray(), logProb);
    }

    /// <summary>
    /// Greedy decoding of a batch with the course's convention: y_t = argmax p(y | y_&lt;t, x) for every row, BOS
    /// excluded; a row ends with its first EOS and then holds <paramref name="pad"/>; stops when every row has ended
    /// or after <paramref name="max_len"/> tokens. Recomputes each prefix (the reference the models' fast paths match).
    /// </summary>
    /// <param name="model">The model's next-token step.</param>
    /// <param name="src">Source ids (B, S).</param>
    /// <param name="bos">Begin-of-sequence id.</param>
    /// <param name="eos">End-of-sequence id.</param>
    /// <param name="max_len">Most tokens generated.</param>
    /// <param name="pad">Id written after a row's EOS; default 0.</param>
    /// <returns>Generated ids (B, n), n &lt;= max_len.</returns>
    public static Tensor Greedy(INextTokenModel model, Tensor src, long bos, long eos, int max_len, long pad = 0)
    {
        using var scope = NewDisposeScope();
        var B = src.shape[0];
        var prefixes = full(B, 1, bos, dtype: ScalarType.Int64, device: src.device);        // (B, 1)
        var done = zeros(B, dtype: ScalarType.Bool, device: src.device);                    // (B)
        var tokens = new List<Tensor>();
        for (var t = 0; t < max_len; t++)
        {
            var next = model.next_log_probs(src, prefixes).argmax(-1).masked_fill(done, pad); // (B)
            tokens.Add(next);
            prefixes = cat([prefixes, next.unsqueeze(1)], 1);                                // (B, t + 2)
            done = done.logical_or(next.eq(eos));
            if (done.all().item<bool>()) break;
        }
        return stack(tokens, 1).MoveToOuterDisposeScope();                                  // (B, n)
    }

    /// <summary>
    /// Beam search (e.g. Sutskever et al. 2014, section 3.2): keeps the <paramref name="beam_width"/> best unfinished
    /// prefixes; each step extends every one by its best tokens, ranks all candidates by log-probability, moves
    /// the candidates among the best <paramref name="beam_width"/> that end in EOS to the finished set, and keeps
    /// the best unfinished ones. Stops when no prefix is left, when the best finished log-probability is at least
    /// the best unfinished one (log-probabilities only fall, so no prefix can win; alpha 0 only), or after
    /// <paramref name="max_len"/> tokens. Returns the finished or max_len-long hypothesis with the best
    /// <see cref="Hypothesis.Score"/>. Width 1 is greedy decoding.
    /// <para>
    /// Plain beam search can prune the greedy path and end below it. With <paramref name="keep_greedy"/> (default
    /// true) the greedy hypothesis is also decoded and returned when it scores higher, so the result never scores
    /// worse than greedy; the tests show a model where plain beam search would.
    /// </para>
    /// </summary>
    /// <param name="next_log_probs">The model: prefixes (k, t) -> log-probabilities (k, V).</param>
    /// <param name="bos">Begin-of-sequence id.</param>
    /// <param name="eos">End-of-sequence id.</param>
    /// <param name="max_len">Most tokens generated.</param>
    /// <param name="beam_width">Number of prefixes kept, at least 1.</param>
    /// <param name="length_alpha">Length exponent of <see cref="Hypothesis.Score"/> for the final choice; default 0.</param>
    /// <param name="keep_greedy">Also decode greedily and keep the better of the two; default true.</param>
    public static Hypothesis Beam(Func<Tensor, Tensor> next_log_probs, long bos, long eos, int max_len, int beam_width,
        double length_alpha = 0, bool keep_greedy = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(beam_width, 1);
        var alive = new List<Hypothesis> { new([], 0.0) };
        var finished = new List<Hypothesis>();
        for (var t = 0; t < max_len && alive.Count > 0; t++)
        {
            var candidates = Extend(next_log_probs, alive, bos, beam_width);
            var next = new List<Hypothesis>();
            for (var rank = 0; rank < candidates.Count && next.Count < beam_width; rank++)
            {
                var c = candidates[rank];
                if (c.Tokens[^1] != eos) next.Add(c);
                else if (rank < beam_width) finished.Add(c);
            }
            alive = next;
            if (length_alpha == 0 && finished.Count > 0 && alive.Count > 0 && finished.Max(f => f.LogProb) >= alive[0].LogProb) break;
        }
        var best = finished.Concat(alive).OrderByDescending(h => h.Score(length_alpha)).First(); // alive: cut at max_len
        if (!keep_greedy || beam_width == 1) return best;
        var greedy = Greedy(next_log_probs, bos, eos, max_len);
        return greedy.Score(length_alpha) > best.Score(length_alpha) ? greedy : best;
    }

    /// <summary>All extensions of the alive prefixes by their <paramref name="k"/> best tokens, best first (ties: earlier prefix, then topk order).</summary>
    static List<Hypothesis> Extend(Func<Tensor, Tensor> next_log_probs, List<Hypothesis> alive, long bos, int k)
    {
        using var scope = NewDisposeScope();
        var t = alive[0].Tokens.Length + 1;
        var ids = alive.SelectMany(h => h.Tokens.Prepend(bos)).ToArray();
        var prefixes = tensor(ids, [alive.Count, t], ScalarType.Int64);                     // (k_alive, t)
        var logProbs = next_log_probs(prefixes).to_type(ScalarType.Float64);                // (k_alive, V)
        var (values, indices) = logProbs.topk(Math.Min(k, (int)logProbs.shape[1]), dim: -1); // (k_alive, k)
        var v = values.data<double>().ToArray();
        var ix = indices.data<long>().ToArray();
        var width = (int)values.shape[1];
        var candidates = new List<(Hypothesis h, int order)>();
        for (var i = 0; i < alive.Count; i++)
            for (var j = 0; j < width; j++)
                candidates.Add((new Hypothesis([.. alive[i].Tokens, ix[i * width + j]], alive[i].LogProb + v[i * width + j]), i * width + j));
        return candidates.OrderByDescending(c => c.h.LogProb).ThenBy(c => c.order).Select(c => c.h).ToList();
    }
}
