namespace AttentionCourse.Attention;

public static partial class AttentionChecks
{
    /// <summary>
    /// Grades a property check the learner wrote (chapter 06, exercise 6.4): it must HOLD on the course's attention
    /// (<see cref="Reference"/>) and FAIL, by throwing <see cref="AttentionCheckException"/>, on
    /// <paramref name="buggy"/>. A check that crashes on the buggy function has not caught it (a crash proves
    /// nothing about the property), and a check that rejects correct attention is wrong. Prints "✓ Exercise …
    /// passed." or a friendly "✗ Exercise …: … Hint: …" (or "not attempted yet") and returns whether it passed.
    /// </summary>
    /// <param name="exercise">Exercise number, e.g. "6.4".</param>
    /// <param name="check">The learner's check: returns normally when the property holds, throws when it does not.</param>
    /// <param name="buggy">The bug the check must catch.</param>
    /// <param name="hint">Printed after a failure.</param>
    /// <param name="strict">Throw <see cref="Exercises.ExerciseCheckException"/> instead of printing a failure (for CI).</param>
    public static bool GradeCheck(string exercise, Action<AttentionFunction> check, AttentionFunction buggy,
        string? hint = null, bool strict = false)
    {
        string? problem = null;
        try { check(Reference); }
        catch (NotImplementedException)
        {
            if (strict) throw new Exercises.ExerciseCheckException($"Exercise {exercise} is not attempted.");
            Console.WriteLine($"… Exercise {exercise} is not attempted yet: replace the NotImplementedException with your code.");
            return false;
        }
        catch (AttentionCheckException e) { problem = $"your check rejects the correct attention ({e.Message})"; }
        catch (Exception e) when (e is not OperationCanceledException)
        { problem = $"your check crashed on the correct attention ({e.GetType().Name}: {FirstLine(e.Message)})"; }

        if (problem is null)
        {
            try { check(buggy); problem = "your check holds on the buggy attention: it does not catch the bug"; }
            catch (AttentionCheckException) { }
            catch (Exception e) when (e is not OperationCanceledException)
            { problem = $"your check crashed on the buggy attention ({e.GetType().Name}: {FirstLine(e.Message)}); a crash is not a caught bug"; }
        }

        var message = problem is null ? $"✓ Exercise {exercise} passed." : $"✗ Exercise {exercise}: {problem}.";
        if (problem is not null && hint is not null) message += $" Hint: {hint}";
        if (strict && problem is not null) throw new Exercises.ExerciseCheckException(message);
        Console.WriteLine(message);
        return problem is null;
    }
}
