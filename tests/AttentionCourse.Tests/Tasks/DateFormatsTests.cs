using AttentionCourse.Tasks;

namespace AttentionCourse.Tests.Tasks;

public class DateFormatsTests
{
    [Fact]
    public void Every_format_of_one_date_is_written_as_its_name_says()
    {
        var day = new DateOnly(2021, 3, 3);
        var written = Enumerable.Range(0, DateFormats.Names.Length).Select(f => DateFormats.Write(day, f).Source);
        Assert.Equal(DateFormats.Names, written);
        Assert.All(Enumerable.Range(0, DateFormats.Names.Length), f => Assert.Equal("2021-03-03", DateFormats.Write(day, f).Target));
    }

    [Fact]
    public void French_and_english_names_and_first_of_month_are_written_by_hand()
    {
        Assert.Equal("dimanche 1er août 1999", DateFormats.Write(new DateOnly(1999, 8, 1), 10).Source);
        Assert.Equal("Sat 22nd of February 1958", DateFormats.Write(new DateOnly(1958, 2, 22), 7).Source);
        Assert.Equal("le 11 décembre 49", DateFormats.Write(new DateOnly(2049, 12, 11), 11).Source);
        Assert.Equal("Friday, May 13, 2011", DateFormats.Write(new DateOnly(2011, 5, 13), 6).Source);
    }

    [Theory]
    [InlineData(1, "st"), InlineData(2, "nd"), InlineData(3, "rd"), InlineData(4, "th"), InlineData(11, "th"), InlineData(12, "th"),
     InlineData(13, "th"), InlineData(21, "st"), InlineData(22, "nd"), InlineData(23, "rd"), InlineData(30, "th"), InlineData(31, "st")]
    public void Ordinal_suffixes_follow_english_rules(int day, string suffix) => Assert.Equal(suffix, DateFormats.Ordinal(day));

    [Fact]
    public void Generation_is_reproducible_and_pinned_to_known_examples()
    {
        var a = DateFormats.Generate(200, seed: 7);
        var b = DateFormats.Generate(200, seed: 7);
        Assert.Equal(a.Select(e => e.Source), b.Select(e => e.Source));
        Assert.NotEqual(a.Select(e => e.Source), DateFormats.Generate(200, seed: 8).Select(e => e.Source));
        // System.Random(seed) is specified to give the same sequence on every platform; pin the first examples.
        Assert.Equal(["jeudi 28 avril 1988", "2016.02.04"], a.Take(2).Select(e => e.Source));
        Assert.StartsWith("23 Aug ", a[2].Source);
    }

    [Fact]
    public void Gold_alignment_points_each_digit_at_the_source_characters_it_comes_from()
    {
        string[] names = [.. DateFormats.MonthsEn, .. DateFormats.MonthsEn.Select(m => m[..3]), .. DateFormats.MonthsFr];
        foreach (var e in DateFormats.Generate(2000, seed: 3))
        {
            Assert.Equal(10, e.Alignment.Count);
            for (var i = 0; i < 10; i++)
            {
                var gold = e.Alignment[i];
                var text = string.Concat(gold.Select(j => e.Source[j]));
                var next = i + 1 < 10 ? e.Alignment[i + 1] : [];
                var inferred = (i < 2 && e.Format is 1 or 11)                                                 // century of a two-digit year
                    || (i is 5 or 8 && next.Length == 1 && OneDigitField(e.Source, next[0]));                 // zero added to "3"
                if (e.Target[i] == '-' || inferred) Assert.Empty(gold);
                else if (gold.Length == 1) Assert.Equal(e.Target[i], text[0]);                                  // copied digit
                else Assert.True(i is 5 or 6 && names.Contains(text), $"{e.Source}: {i} -> '{text}'");        // month name
            }
        }
    }

    static bool OneDigitField(string s, int j) =>
        char.IsDigit(s[j]) && (j == 0 || !char.IsDigit(s[j - 1])) && (j + 1 >= s.Length || !char.IsDigit(s[j + 1]));

    [Fact]
    public void Day_names_agree_with_the_calendar()
    {
        Assert.Equal("lundi 1er janvier 1951", DateFormats.Write(new DateOnly(1951, 1, 1), 10).Source);
        Assert.StartsWith("Wednesday", DateFormats.Write(new DateOnly(2049, 12, 1), 6).Source);
    }
}
