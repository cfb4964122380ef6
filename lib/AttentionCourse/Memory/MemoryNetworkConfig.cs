namespace AttentionCourse.Memory;

/// <summary>
/// Configuration of a <see cref="MemoryNetwork"/>; immutable, defaults sized for chapter 11 on a 2-core CPU.
/// </summary>
/// <param name="VocabSize">Number of word ids (id 0 is padding); answers are words of the same vocabulary.</param>
/// <param name="MemorySize">Most sentences a story may hold, S (the temporal tables' length); default 14.</param>
/// <param name="EmbedDim">Width d of the embeddings; default 32 (the paper used 20 on bAbI).</param>
/// <param name="Hops">Number of hops K; default 3 (as in the paper).</param>
/// <param name="UsePositionEncoding">Weight words by <see cref="PositionEncoding"/> (the paper's PE); false = plain bag of words. Default true.</param>
/// <param name="UseTemporalEncoding">Add the learned temporal vectors T_A(i), T_C(i) to the memories; default true.</param>
public sealed record MemoryNetworkConfig(long VocabSize, int MemorySize = 14, long EmbedDim = 32, int Hops = 3,
    bool UsePositionEncoding = true, bool UseTemporalEncoding = true)
{
    /// <summary>The paper's bAbI setting: d = 20, 3 hops, position and temporal encoding.</summary>
    /// <param name="vocab">Vocabulary size.</param>
    /// <param name="memory_size">Most sentences per story.</param>
    public static MemoryNetworkConfig Paper(long vocab, int memory_size) => new(vocab, memory_size, EmbedDim: 20, Hops: 3);

    /// <summary>A single hop of width 32: enough for one supporting fact.</summary>
    /// <param name="vocab">Vocabulary size.</param>
    /// <param name="memory_size">Most sentences per story.</param>
    public static MemoryNetworkConfig OneHop(long vocab, int memory_size) => new(vocab, memory_size, Hops: 1);
}
