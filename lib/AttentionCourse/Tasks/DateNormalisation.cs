using AttentionCourse.Text;
using AttentionCourse.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tasks;

/// <summary>
/// Chapter 07's task around <see cref="DateFormats"/>: character vocabularies, tensors for teacher forcing,
/// exact-match accuracy, and how often the attention's arg-max lands on the gold source character.
/// </summary>
public static class DateNormalisation
{
    /// <summary>Input vocabulary: specials, then every character of <see cref="DateFormats.SourceAlphabet"/>.</summary>
    public static Vocabulary SourceVocab { get; } = new(DateFormats.SourceAlphabet.Select(c => new[] { c.ToString() }));

    /// <summary>Output vocabulary: specials, then the digits and '-'.</summary>
    public static Vocabulary TargetVocab { get; } = new("0123456789-".Select(c => new[] { c.ToString() }));

    /// <summary>Output steps: 10 characters and EOS.</summary>
    public const int TargetSteps = 11;

    /// <summary>Years never seen in training by <see cref="Split"/>: one per decade, every last digit once.</summary>
    public static readonly int[] HeldOutYears = [1950, 1961, 1972, 1983, 1994, 2005, 2016, 2027, 2038, 2049];

    /// <summary>The format never seen in training by <see cref="Split"/>: "3 Mar 2021", the only one with
    /// three-letter English month names.</summary>
    public const int HeldOutFormat = 8;

    /// <summary>
    /// Chapter 07's harder split. Training and validation use the other 90 years and the other 11 formats; three
    /// test sets: <c>Test</c> (seen years and formats), <c>UnseenYears</c> (the <see cref="HeldOutYears"/>, seen
    /// formats) and <c>UnseenFormat</c> (<see cref="HeldOutFormat"/>, seen years). No date of any test set occurs in
    /// training or validation, in any format; validation (for monitoring training) is separate from the tests.
    /// </summary>
    /// <param name="train">Training examples.</param>
    /// <param name="test">Examples in each test set (validation has half as many).</param>
    /// <param name="seed">Base seed; the five sets use seed .. seed + 4.</param>
    public static DateSplit Split(int train, int test, int seed)
    {
        var years = HeldOutYears.ToHashSet();
        bool Seen(DateOnly d, int f) => !years.Contains(d.Year) && f != HeldOutFormat;
        var testSet = DateFormats.Generate(test, seed + 1, Seen);
        var unseenYears = DateFormats.Generate(test, seed + 2, (d, f) => years.Contains(d.Year) && f != HeldOutFormat);
        var unseenFormat = DateFormats.Generate(test, seed + 3, (d, f) => !years.Contains(d.Year) && f == HeldOutFormat);
        var testDates = testSet.Concat(unseenFormat).Select(Date).ToHashSet();
        var validation = DateFormats.Generate(test / 2, seed + 4, (d, f) => Seen(d, f) && !testDates.Contains(d));
        var excluded = testDates.Concat(validation.Select(Date)).ToHashSet();
        var trainSet = DateFormats.Generate(train, seed, (d, f) => Seen(d, f) && !excluded.Contains(d));
        return new DateSplit(trainSet, validation, testSet, unseenYears, unseenFormat);
    }

    /// <summary>The date an example writes (parsed from its ISO target).</summary>
    /// <param name="example">An example.</param>
    public static DateOnly Date(DateExample example) => DateOnly.ParseExact(example.Target, "yyyy-MM-dd");

    /// <summary>Characters of a string as one-character tokens.</summary>
    /// <param name="s">Text.</param>
    public static IEnumerable<string> Chars(string s) => s.Select(c => c.ToString());

    /// <summary>
    /// Tensors for teacher forcing: src (N, S) = characters + EOS, right-padded; tgt_in (N, 11) = BOS + the 10
    /// target characters; tgt_out (N, 11) = the 10 characters + EOS.
    /// </summary>
    /// <param name="examples">The examples.</param>
    public static (Tensor src, Tensor tgt_in, Tensor tgt_out) Encode(IReadOnlyList<DateExample> examples)
    {
        var src = Vocabulary.Pad(examples.Select(e => SourceVocab.Encode(Chars(e.Source))).ToList());
        var tgtIn = Vocabulary.Pad(examples.Select(e => TargetVocab.Encode(Chars(e.Target), bos: true, eos: false)).ToList());
        var tgtOut = Vocabulary.Pad(examples.Select(e => TargetVocab.Encode(Chars(e.Target))).ToList());
        return (src, tgtIn, tgtOut);
    }

    /// <summary>The decoded strings of generated ids (N, T), each read up to its first EOS.</summary>
    /// <param name="ids">Ids (N, T).</param>
    public static string[] Decode(Tensor ids)
    {
        var n = (int)ids.shape[0];
        var t = (int)ids.shape[1];
        var flat = ids.cpu().data<long>().ToArray();
        return Enumerable.Range(0, n).Select(i => string.Concat(TargetVocab.Decode(flat.Skip(i * t).Take(t)))).ToArray();
    }

    /// <summary>
    /// Alignment agreement for one example: over the output characters that have gold source positions (copied
    /// digits and month digits; not dashes, added zeros or centuries), the number whose attention arg-max over the source is one of the gold positions in
    /// <see cref="DateExample.Alignment"/>.
    /// </summary>
    /// <param name="weights">Attention weights (T ≥ 10 output steps, S ≥ source length) as a float array.</param>
    /// <param name="gold">The gold alignment, one position list per output character.</param>
    /// <returns>(digits whose arg-max is gold, digits counted).</returns>
    public static (int agree, int total) AlignmentAgreement(float[,] weights, IReadOnlyList<int[]> gold)
    {
        int agree = 0, total = 0;
        for (var i = 0; i < gold.Count; i++)
        {
            if (gold[i].Length == 0) continue;
            var best = 0;
            for (var j = 1; j < weights.GetLength(1); j++)
                if (weights[i, j] > weights[i, best]) best = j;
            total++;
            if (gold[i].Contains(best)) agree++;
        }
        return (agree, total);
    }

    /// <summary>Alignment agreement over a batch: weights (N, T, S) from greedy decoding, the fraction over all output characters that have gold positions.</summary>
    /// <param name="weights">Attention weights (N, T, S).</param>
    /// <param name="examples">The N examples, for their gold alignments.</param>
    public static double AlignmentAgreement(Tensor weights, IReadOnlyList<DateExample> examples)
    {
        var (n, t, s) = ((int)weights.shape[0], (int)weights.shape[1], (int)weights.shape[2]);
        var w = weights.cpu().to_type(ScalarType.Float32).data<float>().ToArray();
        int agree = 0, total = 0;
        for (var e = 0; e < n; e++)
        {
            var one = new float[t, s];
            Buffer.BlockCopy(w, e * t * s * sizeof(float), one, 0, t * s * sizeof(float));
            var (a, c) = AlignmentAgreement(one, examples[e].Alignment);
            (agree, total) = (agree + a, total + c);
        }
        return total == 0 ? double.NaN : (double)agree / total;
    }
}

/// <summary>The sets of <see cref="DateNormalisation.Split"/> (chapter 07).</summary>
/// <param name="Train">Training examples: seen years, seen formats, no test or validation date.</param>
/// <param name="Validation">For monitoring training: seen years and formats, no test date.</param>
/// <param name="Test">Seen years and formats, dates never in training.</param>
/// <param name="UnseenYears">The held-out years, seen formats.</param>
/// <param name="UnseenFormat">The held-out format, seen years, dates never in training.</param>
public sealed record DateSplit(IReadOnlyList<DateExample> Train, IReadOnlyList<DateExample> Validation,
    IReadOnlyList<DateExample> Test, IReadOnlyList<DateExample> UnseenYears, IReadOnlyList<DateExample> UnseenFormat);
