namespace AttentionCourse.Notebooks;

/// <summary>Placeholder replaced by the engine.</summary>
public sealed class NotebookSession;
