namespace AttentionCourse.Exercises;

/// <summary>Thrown by the strict checks (<see cref="Check.Strict"/>) when an answer, typically a reference solution in CI, is wrong.</summary>
public sealed class ExerciseCheckException : Exception
{
    /// <summary>Creates the exception with the same message the friendly check would print.</summary>
    public ExerciseCheckException(string message, Exception? inner = null) : base(message, inner) { }
}
