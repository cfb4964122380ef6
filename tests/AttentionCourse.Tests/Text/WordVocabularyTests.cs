using AttentionCourse.Text;

namespace AttentionCourse.Tests.Text;

public class WordVocabularyTests
{
    public WordVocabularyTests() => T.Init();

    [Fact]
    public void Tokenize_lowercases_keeps_apostrophes_and_some_punctuation()
    {
        Assert.Equal(["it", "is", "a", "truth", ",", "isn't", "it", "?"], WordVocabulary.Tokenize("It is a “truth”, isn't it?"));
    }

    [Fact]
    public void Ids_follow_frequency_then_ordinal_order_after_pad_and_unk()
    {
        var v = WordVocabulary.Build([["b", "a", "c"], ["a", "b", "a"], ["d"]], max_words: 3);
        Assert.Equal(["<pad>", "<unk>", "a", "b", "c"], v.Words);
        Assert.Equal(WordVocabulary.UNK, v["d"]);
    }

    [Fact]
    public void Encode_right_pads_cuts_at_max_len_and_masks_padding()
    {
        var v = WordVocabulary.FromWords(["x", "y"]);
        var (ids, mask) = v.Encode([["x", "y", "x", "y"], ["y", "zzz"]], max_len: 3);
        Assert.Equal(new long[] { 2, 3, 2, 3, 1, 0 }, ids.data<long>().ToArray());
        Assert.Equal(new[] { true, true, true, true, true, false }, mask.data<bool>().ToArray());
    }
}
