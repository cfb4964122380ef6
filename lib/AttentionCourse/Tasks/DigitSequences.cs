using AttentionCourse.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tasks;

/// <summary>
/// Seeded copy and reverse tasks over digit sequences, identical on every machine (System.Random(seed), no
/// culture-dependent text). Vocabulary: PAD 0, BOS 1, EOS 2, digits 0-9 as ids 3-12. Source = digits + EOS;
/// target = the digits copied or reversed, + EOS; rows are right-padded with PAD. Used in chapter 05.
/// </summary>
public static class DigitSequences
{
    /// <summary>Padding id.</summary>
    public const long PAD = 0;
    /// <summary>Begin-of-sequence id; starts every decoder input.</summary>
    public const long BOS = 1;
    /// <summary>End-of-sequence id.</summary>
    public const long EOS = 2;
    /// <summary>Vocabulary size: 3 specials + 10 digits.</summary>
    public const long VocabSize = 13;

    /// <summary>The label of a token id, for heatmap axes: "&lt;pad&gt;", "&lt;bos&gt;", "&lt;eos&gt;" or the digit.</summary>
    public static string Token(long id) => id switch
    {
        PAD => "<pad>",
        BOS => "<bos>",
        EOS => "<eos>",
        _ => ((char)('0' + (id - 3))).ToString(),
    };

    /// <summary>
    /// Generates <paramref name="count"/> examples with lengths uniform in [min_len, max_len].
    /// </summary>
    /// <param name="count">Number of examples N.</param>
    /// <param name="min_len">Shortest digit sequence (at least 1).</param>
    /// <param name="max_len">Longest digit sequence.</param>
    /// <param name="reverse">Reverse task when true, copy task when false.</param>
    /// <param name="seed">Seed of the System.Random that draws everything.</param>
    /// <returns>
    /// src (N, max_len + 1), tgt_in = BOS + target (N, max_len + 1) for teacher forcing, tgt_out = target + EOS
    /// (N, max_len + 1), all int64, PAD-filled.
    /// </returns>
    public static (Tensor src, Tensor tgt_in, Tensor tgt_out) Generate(int count, int min_len, int max_len, bool reverse, int seed)
    {
        var random = new Random(seed);
        var width = max_len + 1;
        var src = new long[count * width];
        var tgtIn = new long[count * width];
        var tgtOut = new long[count * width];
        for (var n = 0; n < count; n++)
        {
            var digits = new long[random.Next(min_len, max_len + 1)];
            for (var i = 0; i < digits.Length; i++) digits[i] = 3 + random.Next(10);
            var target = reverse ? digits.Reverse().ToArray() : digits;
            var row = n * width;
            digits.CopyTo(src, row);
            src[row + digits.Length] = EOS;
            tgtIn[row] = BOS;
            target.CopyTo(tgtIn, row + 1);
            target.CopyTo(tgtOut, row);
            tgtOut[row + target.Length] = EOS;
        }
        return (tensor(src).reshape(count, width), tensor(tgtIn).reshape(count, width), tensor(tgtOut).reshape(count, width));
    }
}
