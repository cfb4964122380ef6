using System.Text;

namespace AttentionCourse.Data;

/// <summary>
/// A simple word tokenizer: lower-cases (invariant culture), splits on white space, and makes every punctuation
/// or symbol character its own token, so "Dios: Sea la luz;" gives [dios, :, sea, la, luz, ;]. Letters, digits,
/// accents and in-word apostrophes or hyphens stay in the word ("won’t", "sixty-five"). Used in chapter 08.
/// </summary>
public static class WordTokenizer
{
    /// <summary>Splits <paramref name="text"/> into tokens.</summary>
    /// <param name="text">A sentence.</param>
    public static string[] Tokenize(string text)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        var s = text.ToLowerInvariant();
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var joiner = (c is '\'' or '’' or '-') && word.Length > 0 && i + 1 < s.Length && char.IsLetterOrDigit(s[i + 1]);
            if (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark || joiner)
            {
                word.Append(c);
                continue;
            }
            Flush();
            if (!char.IsWhiteSpace(c)) tokens.Add(c.ToString());
        }
        Flush();
        return tokens.ToArray();

        void Flush()
        {
            if (word.Length == 0) return;
            tokens.Add(word.ToString());
            word.Clear();
        }
    }

    /// <summary>Joins tokens back into readable text: a space between words, none before closing punctuation.</summary>
    /// <param name="tokens">Tokens from <see cref="Tokenize"/> or a decoder.</param>
    public static string Detokenize(IEnumerable<string> tokens)
    {
        var sb = new StringBuilder();
        foreach (var t in tokens)
        {
            var closing = t.Length == 1 && ",.;:!?”’)".Contains(t[0]);
            if (sb.Length > 0 && !closing && sb[^1] is not ('“' or '‘' or '(')) sb.Append(' ');
            sb.Append(t);
        }
        return sb.ToString();
    }
}
