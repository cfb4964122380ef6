using static TorchSharp.torch;

namespace AttentionCourse.Interpretability;

/// <summary>One sequence of <see cref="MarkedTokens"/>.</summary>
/// <param name="Tokens">The tokens, e.g. ["k", "C", "b", "a", "A", "p"].</param>
/// <param name="Label">1 when the two markers carry different bits (one of A, B and one of C, D), else 0.</param>
/// <param name="Marked">The two marker positions, ascending: the only tokens that decide the label.</param>
public sealed record MarkedExample(string[] Tokens, int Label, int[] Marked);

/// <summary>A batch of <see cref="MarkedTokens"/> as tensors.</summary>
/// <param name="Ids">Token ids (B, T), 0 = padding.</param>
/// <param name="Mask">(B, T), true = a real token.</param>
/// <param name="Labels">(B) class ids.</param>
/// <param name="Gold">(B, T) ground-truth importance: 1 on the two markers, 0 elsewhere (and on padding).</param>
/// <param name="Lengths">Real length of each sequence.</param>
public sealed record MarkedBatch(Tensor Ids, Tensor Mask, Tensor Labels, Tensor Gold, int[] Lengths);

/// <summary>
/// A synthetic classification task where the true importance of every token is known (chapter 20). A sequence of
/// 8-14 filler letters a-p holds exactly two markers from A, B, C, D at random positions; A and B carry bit 0,
/// C and D bit 1, and the label is the XOR of the two bits. Only the two markers matter, and both matter: no
/// single token decides the label, so a model must combine them (self-attention between the markers, or a
/// non-linear read-out of a pooled sum). The generator records the marker positions, the ground truth the
/// chapter scores attention maps and attributions against. Identical on every machine (System.Random(seed)).
/// </summary>
public static class MarkedTokens
{
    /// <summary>The 16 filler tokens, which never affect the label.</summary>
    public static readonly string[] Fillers = [.. "abcdefghijklmnop".Select(c => c.ToString())];
    /// <summary>The markers: A and B carry bit 0, C and D bit 1.</summary>
    public static readonly string[] Markers = ["A", "B", "C", "D"];
    /// <summary>Id 0 is padding, then the fillers, then the markers (21 ids).</summary>
    public static readonly string[] Vocabulary = ["<pad>", .. Fillers, .. Markers];

    /// <summary>The bit a marker carries: 0 for A and B, 1 for C and D.</summary>
    public static int Bit(string marker) => marker is "C" or "D" ? 1 : 0;

    /// <summary>Generates <paramref name="count"/> sequences of <paramref name="min_len"/> to <paramref name="max_len"/> tokens.</summary>
    /// <param name="count">Number of sequences.</param>
    /// <param name="seed">Seed of the System.Random that draws everything.</param>
    /// <param name="min_len">Shortest sequence; default 8 (at least 2).</param>
    /// <param name="max_len">Longest sequence; default 14.</param>
    public static List<MarkedExample> Generate(int count, int seed, int min_len = 8, int max_len = 14)
    {
        if (min_len < 2 || max_len < min_len) throw new ArgumentException("Need 2 <= min_len <= max_len.");
        var random = new Random(seed);
        var examples = new List<MarkedExample>(count);
        for (int n = 0; n < count; n++)
        {
            int length = random.Next(min_len, max_len + 1);
            var tokens = new string[length];
            for (int i = 0; i < length; i++) tokens[i] = Fillers[random.Next(Fillers.Length)];
            int first = random.Next(length), second = random.Next(length - 1);
            if (second >= first) second++;                                   // two distinct positions
            string m1 = Markers[random.Next(4)], m2 = Markers[random.Next(4)];
            (tokens[first], tokens[second]) = (m1, m2);
            examples.Add(new MarkedExample(tokens, Bit(m1) ^ Bit(m2), [Math.Min(first, second), Math.Max(first, second)]));
        }
        return examples;
    }

    /// <summary>Encodes sequences as padded tensors of width <paramref name="max_len"/>.</summary>
    /// <param name="examples">The sequences.</param>
    /// <param name="max_len">Padded width T; default 14.</param>
    public static MarkedBatch Encode(IReadOnlyList<MarkedExample> examples, int max_len = 14)
    {
        int B = examples.Count;
        var ids = new long[B * max_len];
        var gold = new float[B * max_len];
        for (int b = 0; b < B; b++)
        {
            var e = examples[b];
            if (e.Tokens.Length > max_len) throw new ArgumentException($"Sequence {b} has {e.Tokens.Length} tokens > max_len {max_len}.");
            for (int t = 0; t < e.Tokens.Length; t++) ids[b * max_len + t] = Array.IndexOf(Vocabulary, e.Tokens[t]);
            foreach (var m in e.Marked) gold[b * max_len + m] = 1f;
        }
        var idTensor = tensor(ids).view(B, max_len);                        // (B, T)
        return new MarkedBatch(idTensor, idTensor.ne(0), tensor(examples.Select(e => (long)e.Label).ToArray()),
            tensor(gold).view(B, max_len), examples.Select(e => e.Tokens.Length).ToArray());
    }
}
