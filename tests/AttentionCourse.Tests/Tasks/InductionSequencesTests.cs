using AttentionCourse.Tasks;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Tasks;

public class InductionSequencesTests
{
    public InductionSequencesTests() => T.Init();

    [Fact]
    public void Each_row_repeats_a_block_of_distinct_tokens_to_the_end_and_the_filler_never_uses_them()
    {
        var batch = InductionSequences.Batch(200, 30, 20, [3, 5, 9], new Random(1));
        var x = batch.x.data<long>().ToArray();
        var y = batch.y.data<long>().ToArray();
        for (int b = 0; b < 200; b++)
        {
            // Rebuild the whole sequence (N = 30) from x and the last target.
            var seq = x.Skip(b * 29).Take(29).Append(y[b * 29 + 28]).ToArray();
            Assert.Equal(x.Skip(b * 29 + 1).Take(28), y.Skip(b * 29).Take(28));    // y is x shifted by one
            int s = batch.Starts[b], P = batch.Periods[b];
            Assert.Contains(P, new[] { 3, 5, 9 });
            Assert.InRange(s, 0, 30 - 2 * P);
            var block = seq[s..(s + P)];
            Assert.Equal(P, block.Distinct().Count());
            for (int t = s; t < 30; t++) Assert.Equal(block[(t - s) % P], seq[t]);
            for (int t = 0; t < s; t++) Assert.DoesNotContain(seq[t], block);
        }
    }

    [Fact]
    public void Starts_and_periods_vary_and_stay_inside_the_sequence()
    {
        var batch = InductionSequences.Batch(300, 40, 32, [4, 6, 8], new Random(2));
        Assert.Equal(3, batch.Periods.Distinct().Count());
        Assert.True(batch.Starts.Distinct().Count() > 10);
        Assert.Equal(new long[] { 300, 39 }, batch.x.shape);
    }

    [Fact]
    public void Predictable_positions_are_those_whose_target_followed_the_same_token_in_the_first_copy()
    {
        var batch = InductionSequences.Batch(50, 24, 16, [2, 4, 7], new Random(3));
        var mask = batch.Predictable().data<bool>().ToArray();
        var x = batch.x.data<long>().ToArray();
        var y = batch.y.data<long>().ToArray();
        for (int b = 0; b < 50; b++)
        {
            Assert.Equal(23 - batch.Starts[b] - batch.Periods[b], Enumerable.Range(0, 23).Count(t => mask[b * 23 + t]));
            for (int t = 0; t < 23; t++)
                if (mask[b * 23 + t])
                {
                    int P = batch.Periods[b];
                    Assert.Equal(x[b * 23 + t], x[b * 23 + t - P]);                // same token one period back
                    Assert.Equal(y[b * 23 + t], x[b * 23 + t - P + 1]);            // its successor then is the target now
                }
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_batch()
    {
        var a = InductionSequences.Batch(8, 20, 12, [3, 4], new Random(5));
        var b = InductionSequences.Batch(8, 20, 12, [3, 4], new Random(5));
        Assert.True(a.x.eq(b.x).all().item<bool>());
        Assert.Equal(a.Starts, b.Starts);
    }

    [Fact]
    public void A_period_too_long_for_the_sequence_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => InductionSequences.Batch(2, 10, 20, [6], new Random(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => InductionSequences.Batch(2, 40, 8, [8], new Random(0)));
    }
}
