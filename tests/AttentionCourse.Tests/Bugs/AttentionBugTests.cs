using AttentionCourse.Attention;

namespace AttentionCourse.Tests.Bugs;

/// <summary>
/// Each property check passes on the course's attention and FAILS on the bug it is meant to catch, so the
/// suite proves the checks have teeth (chapter 06).
/// </summary>
public class AttentionBugTests
{
    public AttentionBugTests() => T.Init();

    [Fact]
    public void Correct_attention_has_rows_that_sum_to_one() => AttentionChecks.RowsSumToOne(AttentionChecks.Reference);

    [Fact]
    public void Rows_sum_check_catches_the_mask_applied_after_the_softmax() =>
        Assert.Throws<AttentionCheckException>(() => AttentionChecks.RowsSumToOne(BuggyAttention.MaskAfterSoftmax));

    [Fact]
    public void Correct_attention_matches_the_fused_kernel() => AttentionChecks.MatchesFusedKernel(AttentionChecks.Reference);

    [Fact]
    public void Fused_kernel_check_catches_the_missing_scale() =>
        Assert.Throws<AttentionCheckException>(() => AttentionChecks.MatchesFusedKernel(BuggyAttention.MissingScale));

    [Fact]
    public void Rows_sum_check_catches_the_softmax_over_the_query_axis() =>
        Assert.Throws<AttentionCheckException>(() => AttentionChecks.RowsSumToOne(BuggyAttention.SoftmaxOverQueries));

    [Fact]
    public void Fused_kernel_check_also_catches_the_softmax_over_the_query_axis() =>
        Assert.Throws<AttentionCheckException>(() => AttentionChecks.MatchesFusedKernel(BuggyAttention.SoftmaxOverQueries));

    [Fact]
    public void Correct_attention_weights_are_probabilities() => AttentionChecks.WeightsAreProbabilities(AttentionChecks.Reference);

    [Fact]
    public void Probability_check_catches_scores_normalised_by_their_sum() =>
        Assert.Throws<AttentionCheckException>(() => AttentionChecks.WeightsAreProbabilities(BuggyAttention.NormalisedBySum));

    [Fact]
    public void Correct_attention_does_not_leak_padding() => AttentionChecks.PaddingDoesNotLeak(AttentionChecks.Reference);

    [Fact]
    public void Padding_check_catches_attention_that_ignores_the_mask() =>
        Assert.Throws<AttentionCheckException>(() => AttentionChecks.PaddingDoesNotLeak(BuggyAttention.IgnoresPadding));

    [Fact]
    public void Library_causal_mask_hides_only_the_future() => AttentionChecks.CausalMaskHidesOnlyTheFuture(t => Masks.Causal(t));

    [Fact]
    public void Causal_check_catches_a_mask_that_includes_the_next_position() =>
        Assert.Throws<AttentionCheckException>(() => AttentionChecks.CausalMaskHidesOnlyTheFuture(BuggyAttention.CausalIncludesNext));

    [Fact]
    public void Causal_check_catches_a_mask_that_excludes_the_diagonal() =>
        Assert.Throws<AttentionCheckException>(() => AttentionChecks.CausalMaskHidesOnlyTheFuture(BuggyAttention.CausalExcludesDiagonal));

    [Fact]
    public void Report_prints_a_failure_instead_of_throwing()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try { Assert.False(AttentionChecks.Report("rows sum to 1", () => AttentionChecks.RowsSumToOne(BuggyAttention.MaskAfterSoftmax))); }
        finally { Console.SetOut(previous); }
        Assert.Contains("✗ rows sum to 1: FAILS: rows of the attention weights must sum to 1", output.ToString());
    }

    [Fact]
    public void Report_tells_a_crash_from_a_caught_bug()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        bool held;
        try { held = AttentionChecks.Report("rows sum to 1", () => AttentionChecks.RowsSumToOne((q, k, v, mask) => throw new InvalidOperationException("boom"))); }
        finally { Console.SetOut(previous); }
        Assert.False(held);
        Assert.Contains("✗ rows sum to 1: CRASHED (not a caught bug): InvalidOperationException: boom", output.ToString());
        Assert.DoesNotContain("FAILS", output.ToString());
    }
}
