namespace AttentionCourse.Data;

/// <summary>
/// A shipped dataset file is missing or does not match its checksum. The message names the file, the expected
/// SHA-256 from the dataset's <c>SHA256SUMS</c>, and (for a corrupt file) the actual one. Used from chapter 08 on.
/// </summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception with a message that says what to do.</summary>
    /// <param name="message">The full message.</param>
    public DatasetException(string message) : base(message) { }
}
