namespace AttentionCourse.Training;

/// <summary>
/// A notebook interrupt, seen from the library. The course's engine publishes the running cell's cancellation token
/// with <c>AppContext.SetData("Notebooks.CellCancellation", token)</c> and cancels it on an interrupt; long library
/// loops call <see cref="ThrowIfRequested"/> at every step. The library does not reference the engine: outside a
/// notebook nothing is published and the check costs one dictionary look-up.
/// </summary>
public static class CellInterrupt
{
    /// <summary>The <see cref="AppContext"/> key under which a host publishes the running cell's <see cref="CancellationToken"/>.</summary>
    public const string Key = "Notebooks.CellCancellation";

    /// <summary>True when the host has asked the running cell to stop.</summary>
    public static bool Requested => AppContext.GetData(Key) is CancellationToken token && token.IsCancellationRequested;

    /// <summary>Throws <see cref="OperationCanceledException"/> with <paramref name="where"/> in its message when an interrupt was requested.</summary>
    /// <param name="where">What was interrupted, e.g. "training at step 120 of 1000".</param>
    public static void ThrowIfRequested(string where)
    {
        if (AppContext.GetData(Key) is CancellationToken token && token.IsCancellationRequested)
            throw new OperationCanceledException($"Interrupted: {where}.", token);
    }
}
