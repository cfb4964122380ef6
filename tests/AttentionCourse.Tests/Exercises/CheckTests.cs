using AttentionCourse.Exercises;
using AttentionCourse.Native;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Exercises;

public class CheckTests
{
    public CheckTests() => TorchSharpNative.EnsureLoadable();

    static Tensor Expected() => tensor(new float[] { 1, 2, 3, 4, 5, 6 }).reshape(2, 3);

    [Fact]
    public void Right_answer_passes_with_a_tick()
    {
        var result = Check.Run("2.1", () => null, hint: "unused");
        Assert.True(result.Passed);
        Assert.Equal("✓ Exercise 2.1 passed.", result.Message);
        Assert.True(Check.Close("2.1", () => Expected() + 1e-6f, Expected()));
    }

    [Fact]
    public void Wrong_shape_is_reported_before_values_with_the_hint()
    {
        Assert.False(Check.Close("2.1", () => Expected().T, Expected(), hint: "transpose K, not Q."));
        var result = Check.Run("2.1", () => Comparison.Tensors(Expected().T, Expected(), Check.DefaultTolerance), "transpose K, not Q.");
        Assert.Equal("✗ Exercise 2.1: expected shape (2, 3), got (3, 2). Hint: transpose K, not Q.", result.Message);
    }

    [Fact]
    public void Wrong_value_names_the_worst_index_and_difference()
    {
        var wrong = Expected().clone();
        wrong[1, 2] = tensor(6.5f);
        var result = Check.Run("3.2", () => Comparison.Tensors(wrong, Expected(), Check.DefaultTolerance), null);
        Assert.False(result.Passed);
        Assert.Contains("differ by up to 0.5", result.Message);
        Assert.Contains("index [1, 2]", result.Message);
    }

    [Fact]
    public void Unsolved_exercise_says_not_attempted_and_never_throws()
    {
        Assert.False(Check.Close("1.1", () => throw new NotImplementedException(), Expected()));
        Assert.False(Check.Function("1.2", _ => throw new NotImplementedException(), i => i[0], [[2, 3]]));
        var result = Check.Run("1.1", () => throw new NotImplementedException(), null);
        Assert.StartsWith("… Exercise 1.1 is not attempted yet", result.Message);
    }

    [Fact]
    public void Learner_exception_null_and_nan_fail_without_throwing()
    {
        Assert.False(Check.Close("1.3", () => throw new InvalidOperationException("boom"), Expected()));
        Assert.False(Check.Close("1.3", (Tensor?)null, Expected()));
        Assert.False(Check.Close("1.3", () => full(2, 3, float.NaN), Expected()));
        Assert.False(Check.Close("1.3", () => (IReadOnlyList<double>?)null, [1.0, 2.0]));
        Assert.False(Check.Close("1.3", () => 0.5, 0.25));
        Assert.True(Check.Close("1.3", () => 0.25 + 1e-7, 0.25));
    }

    [Fact]
    public void Function_check_compares_outputs_on_seeded_random_inputs()
    {
        Tensor Reference(Tensor[] i) => i[0].matmul(i[1].transpose(-2, -1)).softmax(-1);   // (B, T, S)
        Tensor Forgot(Tensor[] i) => i[0].matmul(i[1].transpose(-2, -1));                   // no softmax
        long[][] shapes = [[2, 4, 8], [2, 5, 8]];
        Assert.True(Check.Function("2.3", Reference, Reference, shapes));
        Assert.True(Check.Function("2.3", i => nn.functional.softmax(i[0].bmm(i[1].permute(0, 2, 1)), -1), Reference, shapes));
        Assert.False(Check.Function("2.3", Forgot, Reference, shapes));
        Assert.False(Check.Function("2.3", _ => null, Reference, shapes));
    }

    [Fact]
    public void Strict_check_throws_the_same_message_and_passes_silently_on_a_right_answer()
    {
        Check.Strict.Close("2.1", () => Expected(), Expected());
        var e = Assert.Throws<ExerciseCheckException>(() => Check.Strict.Close("2.1", () => Expected().T, Expected()));
        Assert.Equal("✗ Exercise 2.1: expected shape (2, 3), got (3, 2).", e.Message);
        var notDone = Assert.Throws<ExerciseCheckException>(() => Check.Strict.Close("2.2", () => throw new NotImplementedException(), Expected()));
        Assert.Contains("not attempted", notDone.Message);
        Assert.Throws<ExerciseCheckException>(() => Check.Strict.Function("2.3", i => i[0] * 2, i => i[0], [[3]]));
    }
}
