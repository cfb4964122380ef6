using AttentionCourse.Training;

namespace AttentionCourse.Tests.Training;

public class SchedulesTests
{
    [Fact]
    public void Warmup_cosine_warms_up_linearly_then_decays_to_min_ratio_at_the_last_step()
    {
        var f = Schedules.WarmupCosine(steps: 105, warmup: 4, min_ratio: 0.1);
        Assert.Equal([0.25, 0.5, 0.75, 1.0, 1.0], Enumerable.Range(0, 5).Select(f));
        Assert.Equal(0.55, f(4 + 50), 12);                                     // halfway through the decay: (1 + 0.1) / 2
        Assert.Equal(0.1, f(104), 12);
        var decay = Enumerable.Range(4, 101).Select(f).ToArray();
        Assert.All(decay.Zip(decay.Skip(1)), p => Assert.True(p.Second <= p.First));
        var constant = Schedules.WarmupCosine(steps: 10, warmup: 0, min_ratio: 1.0);
        Assert.All(Enumerable.Range(0, 10), t => Assert.Equal(1.0, constant(t)));
    }
}
