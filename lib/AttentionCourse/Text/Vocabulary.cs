using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Text;

/// <summary>
/// A token vocabulary with four special ids: PAD 0, BOS 1, EOS 2, UNK 3, then the tokens in order of decreasing
/// count (ties in ordinal order, so the ids are the same on every machine). Tokens may be words or single
/// characters. <see cref="Encode"/> maps unseen tokens to UNK. Used in chapters 07 and 08.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>Padding id.</summary>
    public const long PAD = 0;
    /// <summary>Begin-of-sequence id.</summary>
    public const long BOS = 1;
    /// <summary>End-of-sequence id.</summary>
    public const long EOS = 2;
    /// <summary>Unknown-token id.</summary>
    public const long UNK = 3;

    readonly List<string> _tokens = ["<pad>", "<bos>", "<eos>", "<unk>"];
    readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);

    /// <summary>Builds the vocabulary from tokenised sentences, keeping tokens seen at least <paramref name="min_count"/> times.</summary>
    /// <param name="sentences">Token sequences.</param>
    /// <param name="min_count">Least count for a token to get its own id; default 1.</param>
    public Vocabulary(IEnumerable<IEnumerable<string>> sentences, int min_count = 1)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
            foreach (var token in sentence)
                counts[token] = counts.GetValueOrDefault(token) + 1;
        for (var i = 0; i < _tokens.Count; i++) _ids[_tokens[i]] = i;
        foreach (var (token, _) in counts.Where(kv => kv.Value >= min_count && !_ids.ContainsKey(kv.Key))
                     .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            _ids[token] = _tokens.Count;
            _tokens.Add(token);
        }
    }

    /// <summary>Number of ids, specials included.</summary>
    public long Count => _tokens.Count;

    /// <summary>The token of an id.</summary>
    /// <param name="id">An id in [0, Count).</param>
    public string this[long id] => _tokens[(int)id];

    /// <summary>The id of a token, UNK when it is not in the vocabulary.</summary>
    /// <param name="token">A token.</param>
    public long Id(string token) => _ids.TryGetValue(token, out var id) ? id : UNK;

    /// <summary>Ids of the tokens, with BOS before and/or EOS after when asked.</summary>
    /// <param name="tokens">The tokens.</param>
    /// <param name="bos">Prepend BOS; default false.</param>
    /// <param name="eos">Append EOS; default true.</param>
    public long[] Encode(IEnumerable<string> tokens, bool bos = false, bool eos = true) =>
        (bos ? [BOS] : Array.Empty<long>()).Concat(tokens.Select(Id)).Concat(eos ? [EOS] : Array.Empty<long>()).ToArray();

    /// <summary>Tokens of the ids up to the first EOS, without BOS and PAD.</summary>
    /// <param name="ids">Ids, e.g. a decoder's output.</param>
    public IReadOnlyList<string> Decode(IEnumerable<long> ids) =>
        ids.TakeWhile(i => i != EOS).Where(i => i != BOS && i != PAD).Select(i => this[i]).ToList();

    /// <summary>
    /// Stacks id rows into one right-padded int64 tensor (N, L), L the longest row. Used to build batches.
    /// </summary>
    /// <param name="rows">Id rows.</param>
    public static Tensor Pad(IReadOnlyList<long[]> rows)
    {
        var width = rows.Max(r => r.Length);
        var data = new long[rows.Count * width];
        for (var n = 0; n < rows.Count; n++) rows[n].CopyTo(data, n * width);
        return tensor(data, [rows.Count, width], ScalarType.Int64);
    }
}
