using System.Text;

namespace AttentionCourse.Tasks;

/// <summary>
/// One date-normalisation example: a date written in one of <see cref="DateFormats.Names"/> and its ISO form,
/// with the gold alignment: <c>Alignment[i]</c> lists the source character positions that output character i
/// comes from. A copied digit points at that digit; a month written as a name points at the whole name. Output
/// characters that no source character holds are empty: the dashes, the leading zero added to a one-digit day
/// or month, and the century of a two-digit year.
/// </summary>
/// <param name="Source">The input text, e.g. "Tue 3rd of March 2021".</param>
/// <param name="Target">The ISO date "yyyy-mm-dd", e.g. "2021-03-03".</param>
/// <param name="Format">Index into <see cref="DateFormats.Names"/>.</param>
/// <param name="Alignment">For each of the 10 target characters, the source positions it comes from.</param>
public sealed record DateExample(string Source, string Target, int Format, IReadOnlyList<int[]> Alignment);

/// <summary>
/// Seeded generator of dates written in 12 formats with English and French month and day names, for the
/// sequence-to-sequence task "Tue 3rd of March 2021" -> "2021-03-03" (chapter 07). Names are hard-coded (never
/// taken from <c>CultureInfo</c>, whose data changes with ICU versions) and all randomness comes from one
/// <see cref="Random"/>(seed), so a seed gives the same examples on every machine. Dates are uniform over
/// 1950-01-01 .. 2049-12-31; two-digit years mean 1950-2049. Slashed numeric dates are day first (European).
/// </summary>
public static class DateFormats
{
    /// <summary>English month names, January first.</summary>
    public static readonly string[] MonthsEn = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    /// <summary>French month names, janvier first.</summary>
    public static readonly string[] MonthsFr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
    /// <summary>English day names, Monday first.</summary>
    public static readonly string[] DaysEn = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    /// <summary>French day names, lundi first.</summary>
    public static readonly string[] DaysFr = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

    /// <summary>The formats, each named by an example for 2021-03-03 (a Wednesday).</summary>
    public static readonly string[] Names =
    [
        "2021.03.03", "03/03/21", "3/3/2021", "03-03-2021", "20210303", "March 3, 2021", "Wednesday, March 3, 2021",
        "Wed 3rd of March 2021", "3 Mar 2021", "3 mars 2021", "mercredi 3 mars 2021", "le 3 mars 21",
    ];

    /// <summary>Every character a source can contain, sorted by code point; the basis of the chapter-07 input vocabulary.</summary>
    public static string SourceAlphabet { get; } = new(
        MonthsEn.Concat(MonthsFr).Concat(DaysEn).Concat(DaysFr).Concat(["0123456789 ,./-", "stndrdthofle"])
            .SelectMany(s => s).Distinct().Order().ToArray());

    /// <summary>Generates <paramref name="count"/> examples with formats drawn uniformly.</summary>
    /// <param name="count">Number of examples.</param>
    /// <param name="seed">Seed of the one <see cref="Random"/> that draws dates and formats.</param>
    public static IReadOnlyList<DateExample> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var first = new DateOnly(1950, 1, 1);
        var days = new DateOnly(2049, 12, 31).DayNumber - first.DayNumber + 1;
        var examples = new DateExample[count];
        for (var i = 0; i < count; i++)
        {
            var date = first.AddDays(random.Next(days));
            examples[i] = Write(date, random.Next(Names.Length));
        }
        return examples;
    }

    /// <summary>
    /// Generates <paramref name="count"/> examples drawn as in <see cref="Generate(int, int)"/> but keeping only the
    /// (date, format) pairs that <paramref name="keep"/> accepts, e.g. to hold out years, a format, or the dates of a
    /// test set. Draws until <paramref name="count"/> pairs pass (the filter must accept some of them).
    /// </summary>
    /// <param name="count">Number of examples.</param>
    /// <param name="seed">Seed of the one <see cref="Random"/> that draws dates and formats.</param>
    /// <param name="keep">Accepts a date and a format index.</param>
    public static IReadOnlyList<DateExample> Generate(int count, int seed, Func<DateOnly, int, bool> keep)
    {
        var random = new Random(seed);
        var first = new DateOnly(1950, 1, 1);
        var days = new DateOnly(2049, 12, 31).DayNumber - first.DayNumber + 1;
        var examples = new List<DateExample>(count);
        for (var tries = 0; examples.Count < count; tries++)
        {
            if (tries > 1000 * (long)count + 100_000)
                throw new ArgumentException("The filter accepts almost no (date, format) pair.", nameof(keep));
            var date = first.AddDays(random.Next(days));
            var format = random.Next(Names.Length);
            if (keep(date, format)) examples.Add(Write(date, format));
        }
        return examples;
    }

    /// <summary>Writes <paramref name="date"/> in format <paramref name="format"/> with its gold alignment.</summary>
    /// <param name="date">A date in 1950-2049.</param>
    /// <param name="format">Index into <see cref="Names"/>.</param>
    public static DateExample Write(DateOnly date, int format)
    {
        var b = new Builder();
        var (d, m, y) = (date.Day, date.Month, date.Year);
        var dow = ((int)date.DayOfWeek + 6) % 7;                      // Monday = 0, from the calendar, not a culture
        string dd = $"{d:00}", mm = $"{m:00}", yyyy = $"{y:0000}", yy = $"{y % 100:00}";
        switch (format)
        {
            case 0: b.Year(yyyy).Text(".").Month(mm).Text(".").Day(dd); break;
            case 1: b.Day(dd).Text("/").Month(mm).Text("/").Year(yy); break;
            case 2: b.Day($"{d}").Text("/").Month($"{m}").Text("/").Year(yyyy); break;
            case 3: b.Day(dd).Text("-").Month(mm).Text("-").Year(yyyy); break;
            case 4: b.Year(yyyy).Month(mm).Day(dd); break;
            case 5: b.Month(MonthsEn[m - 1]).Text(" ").Day($"{d}").Text(", ").Year(yyyy); break;
            case 6: b.Text(DaysEn[dow] + ", ").Month(MonthsEn[m - 1]).Text(" ").Day($"{d}").Text(", ").Year(yyyy); break;
            case 7: b.Text(DaysEn[dow][..3] + " ").Day($"{d}").Text(Ordinal(d) + " of ").Month(MonthsEn[m - 1]).Text(" ").Year(yyyy); break;
            case 8: b.Day($"{d}").Text(" ").Month(MonthsEn[m - 1][..3]).Text(" ").Year(yyyy); break;
            case 9: b.Day($"{d}").Text(d == 1 ? "er " : " ").Month(MonthsFr[m - 1]).Text(" ").Year(yyyy); break;
            case 10: b.Text(DaysFr[dow] + " ").Day($"{d}").Text(d == 1 ? "er " : " ").Month(MonthsFr[m - 1]).Text(" ").Year(yyyy); break;
            case 11: b.Text("le ").Day($"{d}").Text(d == 1 ? "er " : " ").Month(MonthsFr[m - 1]).Text(" ").Year(yy); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format, $"Formats are 0..{Names.Length - 1}.");
        }
        return b.Finish(date, format);
    }

    /// <summary>English ordinal suffix: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 23rd, 31st.</summary>
    /// <param name="day">Day of the month, 1..31.</param>
    public static string Ordinal(int day) => (day % 10, day / 10) switch
    {
        (_, 1) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };

    /// <summary>Writes the source left to right and remembers where the year, month and day came from.</summary>
    sealed class Builder
    {
        readonly StringBuilder _text = new();
        int[] _year = [], _month = [], _day = [];

        public Builder Text(string s) { _text.Append(s); return this; }
        public Builder Year(string s) { _year = Span(s); return this; }
        public Builder Month(string s) { _month = Span(s); return this; }
        public Builder Day(string s) { _day = Span(s); return this; }

        int[] Span(string s)
        {
            var start = _text.Length;
            _text.Append(s);
            return Enumerable.Range(start, s.Length).ToArray();
        }

        public DateExample Finish(DateOnly date, int format)
        {
            var target = $"{date.Year:0000}-{date.Month:00}-{date.Day:00}";
            var alignment = new List<int[]>();
            // Year: four digits one to one; the century of a two-digit year is in no source character.
            for (var i = 0; i < 4; i++) alignment.Add(_year.Length == 4 ? [_year[i]] : i < 2 ? [] : [_year[i - 2]]);
            alignment.Add([]);
            alignment.AddRange(Field(_month));
            alignment.Add([]);
            alignment.AddRange(Field(_day));
            return new DateExample(_text.ToString(), target, format, alignment);
        }

        // Two output digits from a field: two digits map one to one; one digit is the second (the added zero is
        // in no source character); a name holds both.
        static IEnumerable<int[]> Field(int[] span) => span.Length switch
        {
            2 => [[span[0]], [span[1]]],
            1 => [[], span],
            _ => [span, span],
        };
    }
}
