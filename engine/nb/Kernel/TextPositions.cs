namespace AttentionCourse.Notebooks.Cli.Kernel;

/// <summary>
/// Converts cursor positions: Jupyter (protocol 5.2+) counts Unicode code points, .NET strings
/// count UTF-16 units, so an emoji before the cursor is 1 for one and 2 for the other.
/// </summary>
internal static class TextPositions
{
    /// <summary>The UTF-16 index of code point <paramref name="codePoints"/> (clamped to the text).</summary>
    public static int ToUtf16(string text, int codePoints)
    {
        var index = 0;
        for (var n = 0; n < codePoints && index < text.Length; n++)
            index += char.IsSurrogatePair(text, index) ? 2 : 1;
        return index;
    }

    /// <summary>How many code points precede UTF-16 index <paramref name="utf16"/>.</summary>
    public static int ToCodePoints(string text, int utf16)
    {
        var count = 0;
        foreach (var _ in text.AsSpan(0, Math.Clamp(utf16, 0, text.Length)).EnumerateRunes()) count++;
        return count;
    }
}
