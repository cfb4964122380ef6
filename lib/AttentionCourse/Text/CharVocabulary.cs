namespace AttentionCourse.Text;

/// <summary>
/// A character-level vocabulary: the distinct characters of a text in ordinal order, id = rank. Used in chapter 10.
/// </summary>
public sealed class CharVocabulary
{
    readonly Dictionary<char, long> _ids;

    /// <summary>The characters by id.</summary>
    public IReadOnlyList<char> Chars { get; }

    /// <summary>Number of characters V.</summary>
    public long Count => Chars.Count;

    /// <summary>Collects the distinct characters of <paramref name="text"/>.</summary>
    /// <param name="text">The corpus.</param>
    public CharVocabulary(string text)
    {
        Chars = text.Distinct().Order().ToArray();
        _ids = Chars.Select((c, i) => (c, (long)i)).ToDictionary(p => p.c, p => p.Item2);
    }

    /// <summary>Ids of the characters of <paramref name="text"/>; every character must be in the vocabulary.</summary>
    /// <param name="text">Text to encode.</param>
    /// <exception cref="ArgumentException">A character is not in the vocabulary.</exception>
    public long[] Encode(string text) =>
        text.Select(c => _ids.TryGetValue(c, out var id) ? id : throw new ArgumentException($"Character '{c}' is not in the vocabulary.")).ToArray();

    /// <summary>The text of a sequence of ids.</summary>
    /// <param name="ids">Ids in [0, V).</param>
    public string Decode(IEnumerable<long> ids) => new(ids.Select(i => Chars[(int)i]).ToArray());

    /// <summary>A label for a heatmap axis: visible characters as themselves, space as "␣", newline as "⏎".</summary>
    /// <param name="c">The character.</param>
    public static string Label(char c) => c switch { ' ' => "␣", '\n' => "⏎", _ => c.ToString() };
}
