namespace AttentionCourse.Tasks;

/// <summary>One sentence of <see cref="DecisiveWord"/>.</summary>
/// <param name="Words">The words: fillers and one key word.</param>
/// <param name="Label">The class of the key word, 0 .. <see cref="DecisiveWord.Classes"/> - 1.</param>
/// <param name="KeyIndex">Position of the key word (the gold token).</param>
public sealed record DecisiveExample(string[] Words, int Label, int KeyIndex);

/// <summary>
/// Seeded synthetic task for chapter 09 where one word among many decides the label: a sentence of T words holds
/// T - 1 fillers drawn uniformly from <see cref="FillerCount"/> filler words, which say nothing about the label, and
/// one key word at a random position; the label is the key word's class (<see cref="Classes"/> classes, each with
/// <see cref="KeysPerClass"/> key words). Mean pooling divides the key word's vector by T and adds the average of
/// T - 1 fillers; attention pooling can put its weight on the key word whatever T is. Identical on every machine
/// (System.Random(seed)).
/// </summary>
public static class DecisiveWord
{
    /// <summary>Number of classes.</summary>
    public const int Classes = 4;
    /// <summary>Key words per class.</summary>
    public const int KeysPerClass = 3;
    /// <summary>Number of distinct filler words.</summary>
    public const int FillerCount = 400;

    /// <summary>Key words: class c holds "key{c}a", "key{c}b", "key{c}c".</summary>
    public static readonly string[] Keys = Enumerable.Range(0, Classes)
        .SelectMany(c => Enumerable.Range(0, KeysPerClass).Select(k => $"key{c}{(char)('a' + k)}")).ToArray();

    /// <summary>Filler words "w000" .. "w399".</summary>
    public static readonly string[] Fillers = Enumerable.Range(0, FillerCount).Select(i => $"w{i:000}").ToArray();

    /// <summary>Every word the generator can write (keys first), for a fixed vocabulary.</summary>
    public static IEnumerable<string> AllWords => Keys.Concat(Fillers);

    /// <summary>Generates sentences with lengths drawn uniformly from [<paramref name="min_length"/>, <paramref name="max_length"/>].</summary>
    /// <param name="count">Number of sentences.</param>
    /// <param name="seed">Seed of the one <see cref="Random"/>.</param>
    /// <param name="min_length">Shortest sentence, at least 1 (the key word alone).</param>
    /// <param name="max_length">Longest sentence.</param>
    public static List<DecisiveExample> Generate(int count, int seed, int min_length, int max_length)
    {
        if (min_length < 1 || max_length < min_length) throw new ArgumentOutOfRangeException(nameof(min_length), "Need 1 <= min_length <= max_length.");
        var random = new Random(seed);
        var examples = new List<DecisiveExample>(count);
        for (var n = 0; n < count; n++)
        {
            var length = random.Next(min_length, max_length + 1);
            var label = random.Next(Classes);
            var key = Keys[label * KeysPerClass + random.Next(KeysPerClass)];
            var at = random.Next(length);
            var words = new string[length];
            for (var t = 0; t < length; t++) words[t] = t == at ? key : Fillers[random.Next(FillerCount)];
            examples.Add(new DecisiveExample(words, label, at));
        }
        return examples;
    }
}
