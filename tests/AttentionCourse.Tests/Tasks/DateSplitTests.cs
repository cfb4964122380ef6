using AttentionCourse.Tasks;

namespace AttentionCourse.Tests.Tasks;

public class DateSplitTests
{
    [Fact]
    public void Filtered_generation_keeps_only_accepted_pairs_and_is_deterministic()
    {
        var a = DateFormats.Generate(300, 5, (d, f) => d.Month == 2 && f < 3);
        var b = DateFormats.Generate(300, 5, (d, f) => d.Month == 2 && f < 3);
        Assert.Equal(300, a.Count);
        Assert.All(a, e => Assert.True(e.Target[5..7] == "02" && e.Format < 3));
        Assert.Equal(a.Select(e => e.Source), b.Select(e => e.Source));
        Assert.Throws<ArgumentException>(() => DateFormats.Generate(1, 0, (_, _) => false));
    }

    [Fact]
    public void Split_holds_out_years_a_format_and_every_test_date()
    {
        var split = DateNormalisation.Split(train: 3000, test: 400, seed: 3);
        var years = DateNormalisation.HeldOutYears.ToHashSet();
        int Year(DateExample e) => int.Parse(e.Target[..4]);
        Assert.Equal((3000, 200, 400, 400, 400), (split.Train.Count, split.Validation.Count, split.Test.Count,
            split.UnseenYears.Count, split.UnseenFormat.Count));
        foreach (var seen in new[] { split.Train, split.Validation, split.Test })
            Assert.All(seen, e => Assert.True(!years.Contains(Year(e)) && e.Format != DateNormalisation.HeldOutFormat));
        Assert.All(split.UnseenYears, e => Assert.True(years.Contains(Year(e)) && e.Format != DateNormalisation.HeldOutFormat));
        Assert.All(split.UnseenFormat, e => Assert.True(!years.Contains(Year(e)) && e.Format == DateNormalisation.HeldOutFormat));
        var trainDates = split.Train.Concat(split.Validation).Select(e => e.Target).ToHashSet();
        Assert.DoesNotContain(split.Test.Concat(split.UnseenYears).Concat(split.UnseenFormat), e => trainDates.Contains(e.Target));
        Assert.DoesNotContain(split.Train, e => split.Validation.Any(v => v.Target == e.Target));
        Assert.Equal(new DateOnly(2021, 3, 3), DateNormalisation.Date(DateFormats.Write(new DateOnly(2021, 3, 3), 7)));
    }
}
