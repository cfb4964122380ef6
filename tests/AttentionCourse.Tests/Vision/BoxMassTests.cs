using AttentionCourse.Tasks;
using AttentionCourse.Vision;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Vision;

public class BoxMassTests
{
    public BoxMassTests() => T.Init();

    [Fact]
    public void A_uniform_map_puts_the_box_area_share_inside()
    {
        var box = new Box(3, 10, 20, 17);
        var share = BoxMass.ShareInside(ones(1, 8, 8), [box], 56)[0];
        Assert.Equal(20 * 17 / 3136.0, share, 12);
    }

    [Fact]
    public void A_cell_half_inside_counts_half_and_a_cell_outside_counts_nothing()
    {
        // 2 × 2 map over a 4 × 4 image: cell (0, 0) covers pixels rows 0-1, cols 0-1. The box covers column 1 of rows 0-1.
        var map = tensor(new float[] { 1, 0, 0, 0 }).reshape(1, 2, 2);
        Assert.Equal(0.5, BoxMass.ShareInside(map, [new Box(0, 1, 2, 1)], 4)[0], 12);
        Assert.Equal(0.0, BoxMass.ShareInside(map, [new Box(2, 2, 2, 2)], 4)[0], 12);
        Assert.Equal(1.0, BoxMass.ShareInside(map, [new Box(0, 0, 2, 2)], 4)[0], 12);
    }
}

public class TimeBudgetTests
{
    [Fact]
    public void A_long_budget_passes_every_batch_and_a_spent_budget_none()
    {
        var generous = TimeBudget.Limit<int>(_ => Enumerable.Range(0, 10), seconds: 1000);
        Assert.Equal(10, generous(0).Count());
        Assert.Equal(10, generous(1).Count());
        // Each batch takes 60 ms, the budget is 50 ms: the clock has passed it by the time the first batch exists.
        var spent = TimeBudget.Limit<int>(_ => Enumerable.Range(0, 10).Select(i => { Thread.Sleep(60); return i; }), seconds: 0.05);
        Assert.Empty(spent(0));
        Assert.Empty(spent(1));
    }
}
