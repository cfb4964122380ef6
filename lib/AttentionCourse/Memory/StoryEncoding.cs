using AttentionCourse.Tasks;
using AttentionCourse.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Memory;

/// <summary>Stories as the tensors a <see cref="MemoryNetwork"/> reads. Used in chapter 11.</summary>
/// <param name="Stories">Word ids (N, S, W): story n's sentence s in slot s, words left-aligned, 0 = padding.</param>
/// <param name="Queries">Question word ids (N, W).</param>
/// <param name="Answers">The answer word's id (N), int64.</param>
public sealed record StoryBatch(Tensor Stories, Tensor Queries, Tensor Answers)
{
    /// <summary>Number of stories N.</summary>
    public long Count => Stories.shape[0];
}

/// <summary>Turns <see cref="BabiStory"/> lists into a <see cref="StoryBatch"/>. Used in chapter 11.</summary>
public static class StoryEncoding
{
    /// <summary>The chapter-11 vocabulary: padding, unknown, then <see cref="BabiStories.AllWords"/> in their fixed order.</summary>
    public static WordVocabulary Vocabulary() => WordVocabulary.FromWords(BabiStories.AllWords);

    /// <summary>Encodes stories, sentences in order from slot 0, right-padded to <paramref name="memory_size"/> slots.</summary>
    /// <param name="stories">The stories; none longer than <paramref name="memory_size"/> sentences or <paramref name="sentence_len"/> words.</param>
    /// <param name="vocab">Word ids.</param>
    /// <param name="memory_size">Sentence slots S; default <see cref="BabiStories.MaxSentences"/>.</param>
    /// <param name="sentence_len">Word slots W; default <see cref="BabiStories.MaxWords"/>.</param>
    public static StoryBatch Encode(IReadOnlyList<BabiStory> stories, WordVocabulary vocab,
        int memory_size = BabiStories.MaxSentences, int sentence_len = BabiStories.MaxWords)
    {
        int N = stories.Count, S = memory_size, W = sentence_len;
        var story = new long[N * S * W];
        var query = new long[N * W];
        var answer = new long[N];
        for (int n = 0; n < N; n++)
        {
            var st = stories[n];
            if (st.Sentences.Length > S) throw new ArgumentException($"Story {n} has {st.Sentences.Length} sentences; the memory holds {S}.");
            for (int s = 0; s < st.Sentences.Length; s++)
                Copy(st.Sentences[s], vocab, story, (n * S + s) * W, W);
            Copy(st.Question, vocab, query, n * W, W);
            answer[n] = vocab[st.Answer];
        }
        return new StoryBatch(tensor(story).reshape(N, S, W), tensor(query).reshape(N, W), tensor(answer)); // (N, S, W), (N, W), (N)
    }

    static void Copy(string[] words, WordVocabulary vocab, long[] into, int offset, int W)
    {
        if (words.Length > W) throw new ArgumentException($"\"{string.Join(' ', words)}\" has more than {W} words.");
        for (int j = 0; j < words.Length; j++) into[offset + j] = vocab[words[j]];
    }
}
