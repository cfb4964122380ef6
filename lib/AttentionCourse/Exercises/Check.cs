using System.Globalization;
using TorchSharp;

namespace AttentionCourse.Exercises;

/// <summary>
/// Automatic checks for the exercises at the end of every chapter. The friendly checks print
/// "✓ Exercise 2.1 passed." or "✗ Exercise 2.1: expected shape (2, 3), got (3, 2). Hint: …" and return a bool;
/// they never throw for a wrong answer, a null, or a learner's function that throws (an unsolved exercise's
/// <see cref="NotImplementedException"/> reads "not attempted yet"). <see cref="Strict"/> runs the same checks
/// and throws <see cref="ExerciseCheckException"/> with the same message, to verify reference solutions in CI.
/// Default tolerance: 1e-4 absolute.
/// </summary>
public static class Check
{
    /// <summary>Default absolute tolerance: 1e-4, loose enough for float32 rounding, tight enough to catch a missing 1/√d_k.</summary>
    public const double DefaultTolerance = 1e-4;

    /// <summary>Checks a tensor answer against a reference: shape first, then max |answer - expected| ≤ <paramref name="tolerance"/>.</summary>
    /// <param name="exercise">Exercise number as the notebook writes it, e.g. "2.1".</param>
    /// <param name="answer">Computes the learner's answer (any shape, device, float type); a lambda, so an unsolved exercise that throws is caught.</param>
    /// <param name="expected">The reference value.</param>
    /// <param name="tolerance">Absolute tolerance; default 1e-4.</param>
    /// <param name="hint">Printed after a failure.</param>
    public static bool Close(string exercise, Func<torch.Tensor?> answer, torch.Tensor expected, double tolerance = DefaultTolerance, string? hint = null) =>
        Report(Run(exercise, () => Comparison.Tensors(answer(), expected, tolerance), hint), strict: false);

    /// <summary>Checks an already computed tensor; see <see cref="Close(string, Func{torch.Tensor?}, torch.Tensor, double, string?)"/>.</summary>
    /// <param name="exercise">Exercise number, e.g. "2.1".</param>
    /// <param name="answer">The learner's tensor (may be null).</param>
    /// <param name="expected">The reference.</param>
    /// <param name="tolerance">Absolute tolerance; default 1e-4.</param>
    /// <param name="hint">Printed after a failure.</param>
    public static bool Close(string exercise, torch.Tensor? answer, torch.Tensor expected, double tolerance = DefaultTolerance, string? hint = null) =>
        Close(exercise, () => answer, expected, tolerance, hint);

    /// <summary>Checks a number: |answer - expected| ≤ <paramref name="tolerance"/>.</summary>
    /// <param name="exercise">Exercise number, e.g. "2.1".</param>
    /// <param name="answer">Computes the learner's number.</param>
    /// <param name="expected">The reference.</param>
    /// <param name="tolerance">Absolute tolerance; default 1e-4.</param>
    /// <param name="hint">Printed after a failure.</param>
    public static bool Close(string exercise, Func<double> answer, double expected, double tolerance = DefaultTolerance, string? hint = null) =>
        Report(Run(exercise, () => Comparison.Arrays([answer()], [expected], tolerance), hint), strict: false);

    /// <summary>Checks an array of numbers: length first, then max |answer - expected|.</summary>
    /// <param name="exercise">Exercise number, e.g. "2.1".</param>
    /// <param name="answer">Computes the learner's array (may return null).</param>
    /// <param name="expected">The reference, shape (n).</param>
    /// <param name="tolerance">Absolute tolerance; default 1e-4.</param>
    /// <param name="hint">Printed after a failure.</param>
    public static bool Close(string exercise, Func<IReadOnlyList<double>?> answer, IReadOnlyList<double> expected, double tolerance = DefaultTolerance, string? hint = null) =>
        Report(Run(exercise, () => Comparison.Arrays(answer(), expected, tolerance), hint), strict: false);

    /// <summary>
    /// Checks a learner's function against a reference on <paramref name="trials"/> random inputs: each trial draws one
    /// standard-normal tensor per shape in <paramref name="inputShapes"/> from a generator seeded with <paramref name="seed"/>,
    /// and compares the two outputs (shape, then values).
    /// </summary>
    /// <param name="exercise">Exercise number, e.g. "2.1".</param>
    /// <param name="function">The learner's function of the inputs.</param>
    /// <param name="reference">The reference function.</param>
    /// <param name="inputShapes">One shape per input, e.g. [[2, 5, 8], [2, 7, 8], [2, 7, 4]] for (Q, K, V).</param>
    /// <param name="trials">Number of random trials; default 5.</param>
    /// <param name="seed">Seed of the inputs' generator; default 0.</param>
    /// <param name="tolerance">Absolute tolerance; default 1e-4.</param>
    /// <param name="hint">Printed after a failure.</param>
    public static bool Function(string exercise, Func<torch.Tensor[], torch.Tensor?> function, Func<torch.Tensor[], torch.Tensor> reference,
        long[][] inputShapes, int trials = 5, int seed = 0, double tolerance = DefaultTolerance, string? hint = null) =>
        Report(Run(exercise, () => Trials(function, reference, inputShapes, trials, seed, tolerance), hint), strict: false);

    /// <summary>The same checks, throwing <see cref="ExerciseCheckException"/> on any failure: for verifying reference solutions in CI.</summary>
    public static class Strict
    {
        /// <summary>Strict <see cref="Check.Close(string, Func{torch.Tensor?}, torch.Tensor, double, string?)"/>.</summary>
        /// <param name="exercise">Exercise number.</param>
        /// <param name="answer">Computes the answer.</param>
        /// <param name="expected">The reference.</param>
        /// <param name="tolerance">Absolute tolerance; default 1e-4.</param>
        public static void Close(string exercise, Func<torch.Tensor?> answer, torch.Tensor expected, double tolerance = DefaultTolerance) =>
            Report(Run(exercise, () => Comparison.Tensors(answer(), expected, tolerance), null), strict: true);

        /// <summary>Strict <see cref="Check.Close(string, Func{double}, double, double, string?)"/>.</summary>
        /// <param name="exercise">Exercise number.</param>
        /// <param name="answer">Computes the answer.</param>
        /// <param name="expected">The reference.</param>
        /// <param name="tolerance">Absolute tolerance; default 1e-4.</param>
        public static void Close(string exercise, Func<double> answer, double expected, double tolerance = DefaultTolerance) =>
            Report(Run(exercise, () => Comparison.Arrays([answer()], [expected], tolerance), null), strict: true);

        /// <summary>Strict <see cref="Check.Function"/>.</summary>
        /// <param name="exercise">Exercise number.</param>
        /// <param name="function">The function under test.</param>
        /// <param name="reference">The reference function.</param>
        /// <param name="inputShapes">One shape per input.</param>
        /// <param name="trials">Number of random trials; default 5.</param>
        /// <param name="seed">Seed of the inputs; default 0.</param>
        /// <param name="tolerance">Absolute tolerance; default 1e-4.</param>
        public static void Function(string exercise, Func<torch.Tensor[], torch.Tensor?> function, Func<torch.Tensor[], torch.Tensor> reference,
            long[][] inputShapes, int trials = 5, int seed = 0, double tolerance = DefaultTolerance) =>
            Report(Run(exercise, () => Trials(function, reference, inputShapes, trials, seed, tolerance), null), strict: true);
    }

    /// <summary>Runs a comparison and turns every outcome, including exceptions from the learner's code, into a result.</summary>
    internal static CheckResult Run(string exercise, Func<string?> compare, string? hint)
    {
        string? problem;
        Exception? error = null;
        try
        {
            using var scope = torch.NewDisposeScope();
            problem = compare();
        }
        catch (NotImplementedException e)
        {
            return new CheckResult(false, $"… Exercise {exercise} is not attempted yet: replace the NotImplementedException with your code.", e);
        }
        catch (Exception e)
        {
            error = e;
            problem = $"your code threw {e.GetType().Name}: {e.Message}";
        }
        if (problem is null) return new CheckResult(true, $"✓ Exercise {exercise} passed.", null);
        var message = $"✗ Exercise {exercise}: {problem}";
        return new CheckResult(false, hint is null ? message : $"{message} Hint: {hint}", error);
    }

    static string? Trials(Func<torch.Tensor[], torch.Tensor?> function, Func<torch.Tensor[], torch.Tensor> reference,
        long[][] inputShapes, int trials, int seed, double tolerance)
    {
        var generator = new torch.Generator((ulong)seed);
        for (int t = 0; t < trials; t++)
        {
            using var scope = torch.NewDisposeScope();
            var inputs = inputShapes.Select(s => torch.randn(s, dtype: torch.float32, generator: generator)).ToArray();
            var expected = reference(inputs.Select(i => i.clone()).ToArray());
            var problem = Comparison.Tensors(function(inputs.Select(i => i.clone()).ToArray()), expected, tolerance);
            if (problem is not null)
                return string.Create(CultureInfo.InvariantCulture,
                    $"on random trial {t + 1} of {trials} (input shapes {string.Join(", ", inputShapes.Select(Comparison.Shape))}, seed {seed}), {problem}");
        }
        return null;
    }

    static bool Report(CheckResult result, bool strict)
    {
        if (strict && !result.Passed) throw new ExerciseCheckException(result.Message, result.Error);
        Console.WriteLine(result.Message);
        return result.Passed;
    }
}

/// <summary>Outcome of one check: whether it passed, the message shown, and the learner's exception if any.</summary>
/// <param name="Passed">True when the answer matches.</param>
/// <param name="Message">The line printed (friendly) or thrown (strict).</param>
/// <param name="Error">The exception the learner's code threw, if any.</param>
sealed record CheckResult(bool Passed, string Message, Exception? Error);
