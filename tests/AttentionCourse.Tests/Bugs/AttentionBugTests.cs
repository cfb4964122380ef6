using AttentionCourse.Attention;
using TorchSharp;

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
    [Fact]
    public void Reference_layer_matches_torch_multihead_attention() => AttentionChecks.MatchesTorchMultiheadAttention(AttentionChecks.ReferenceLayer);

    [Fact]
    public void Reference_layer_gives_every_projection_a_gradient() => AttentionChecks.EveryProjectionGetsAGradient(AttentionChecks.ReferenceLayer);

    [Fact]
    public void Torch_equality_catches_the_mask_applied_after_the_output_projection() =>
        Assert.Throws<AttentionCheckException>(() => AttentionChecks.MatchesTorchMultiheadAttention(BuggyAttention.MaskAfterOutputProjection));

    [Fact]
    public void Gradient_check_catches_the_second_softmax_because_it_cancels_the_value_and_output_biases()
    {
        // softmax over the sequence cancels what is added equally at every position: W_o b_v + b_o is exactly that.
        var e = Assert.Throws<AttentionCheckException>(() => AttentionChecks.EveryProjectionGetsAGradient(BuggyAttention.MaskAfterOutputProjection));
        Assert.StartsWith("b_v receives no gradient", e.Message);
    }

    [Fact]
    public void Torch_equality_catches_scores_from_the_input() =>
        Assert.Throws<AttentionCheckException>(() => AttentionChecks.MatchesTorchMultiheadAttention(BuggyAttention.ScoresFromInput));

    [Fact]
    public void Gradient_check_catches_scores_from_the_input_because_W_k_is_unused()
    {
        var e = Assert.Throws<AttentionCheckException>(() => AttentionChecks.EveryProjectionGetsAGradient(BuggyAttention.ScoresFromInput));
        Assert.StartsWith("W_k receives no gradient", e.Message);
    }

    [Fact]
    public void Torch_equality_catches_values_times_weights() =>
        Assert.Throws<AttentionCheckException>(() => AttentionChecks.MatchesTorchMultiheadAttention(BuggyAttention.ValuesTimesWeights));

    [Fact]
    public void Torch_equality_catches_the_query_added_inside_the_softmax() =>
        Assert.Throws<AttentionCheckException>(() => AttentionChecks.MatchesTorchMultiheadAttention(BuggyAttention.QueryAddedInsideSoftmax));

    [Fact]
    public void Gradient_check_passes_bugs_that_use_every_projection()
    {
        // The gradient check is not a catch-all: these bugs use every parameter, so only the equality check sees them.
        AttentionChecks.EveryProjectionGetsAGradient(BuggyAttention.ValuesTimesWeights);
        AttentionChecks.EveryProjectionGetsAGradient(BuggyAttention.QueryAddedInsideSoftmax);
    }

    [Fact]
    public void Scores_from_the_input_give_other_weights_than_the_reference_layer()
    {
        // Written as a function of projected q, k, v, the correct code is all a function-level check ever sees;
        // this is why the layer-level checks exist. Here: the buggy layer's weights differ from the reference's.
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(2, 8, 8);
        var p = new AttentionProjections(8, seed: 1);
        var (_, good) = AttentionChecks.ReferenceLayer(x, null, p);
        var (_, bad) = BuggyAttention.ScoresFromInput(x, null, p);
        Assert.True(good.MaxAbsDiff(bad) > 1e-2);
    }

    [Fact]
    public void A_check_that_crashes_on_the_query_added_bug_is_reported_as_a_crash()
    {
        // The function checks use 6 keys of width 8: softmax(QK^T + Q) cannot broadcast, which is a crash, not a catch.
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try { Assert.False(AttentionChecks.Report("rows sum to 1", () => AttentionChecks.RowsSumToOne(BuggyAttention.QueryAddedInsideSoftmaxFunction))); }
        finally { Console.SetOut(previous); }
        Assert.Contains("CRASHED (not a caught bug)", output.ToString());
        Assert.Contains("must match the size of tensor b", output.ToString());
        Assert.DoesNotContain("frame #", output.ToString());                   // libtorch's native stack trace is cut
    }

    [Fact]
    public void Grading_rejects_a_check_that_crashes_on_the_bug_and_one_that_rejects_correct_code()
    {
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            // RowsSumToOne crashes on the bug (shapes), so it must not count as catching it.
            Assert.False(AttentionChecks.GradeCheck("6.4", AttentionChecks.RowsSumToOne, BuggyAttention.QueryAddedInsideSoftmaxFunction));
            Assert.False(AttentionChecks.GradeCheck("6.4", _ => throw new AttentionCheckException("always"), BuggyAttention.QueryAddedInsideSoftmaxFunction));
            Assert.False(AttentionChecks.GradeCheck("6.4", _ => { }, BuggyAttention.QueryAddedInsideSoftmaxFunction));
        }
        finally { Console.SetOut(previous); }
        var text = output.ToString();
        Assert.Contains("crashed on the buggy attention", text);
        Assert.Contains("rejects the correct attention", text);
        Assert.Contains("does not catch the bug", text);
    }
}
