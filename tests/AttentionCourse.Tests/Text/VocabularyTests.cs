using AttentionCourse.Text;
using AttentionCourse.Data;

namespace AttentionCourse.Tests.Text;

public class VocabularyTests
{
    [Fact]
    public void Ids_are_specials_then_tokens_by_count_with_ordinal_ties()
    {
        var v = new Vocabulary([["b", "a", "c"], ["c", "a", "c"]]);
        Assert.Equal(["<pad>", "<bos>", "<eos>", "<unk>", "c", "a", "b"], Enumerable.Range(0, (int)v.Count).Select(i => v[i]));
    }

    [Fact]
    public void Rare_and_unseen_tokens_map_to_unk_and_decoding_stops_at_eos()
    {
        var v = new Vocabulary([["x", "x", "y"]], min_count: 2);
        var ids = v.Encode(["x", "y", "z"], bos: true);
        Assert.Equal([Vocabulary.BOS, 4, Vocabulary.UNK, Vocabulary.UNK, Vocabulary.EOS], ids);
        Assert.Equal(["x", "<unk>"], v.Decode([Vocabulary.BOS, 4, Vocabulary.UNK, Vocabulary.EOS, 4]));
    }

    [Fact]
    public void Pad_right_pads_rows_with_zero()
    {
        T.Init();
        var t = Vocabulary.Pad([[5, 6, 7], [8]]);
        Assert.Equal([2L, 3L], t.shape);
        Assert.Equal([5L, 6, 7, 8, 0, 0], t.data<long>().ToArray());
    }

    [Fact]
    public void Tokenizer_lowercases_and_splits_punctuation_but_keeps_inner_apostrophes_and_hyphens()
    {
        Assert.Equal(["y", "dijo", "dios", ":", "sea", "la", "luz", ";"], WordTokenizer.Tokenize("Y dijo Dios: Sea la luz;"));
        Assert.Equal(["“", "you", "won’t", "die", ",", "sixty-five", "”"], WordTokenizer.Tokenize("“You won’t die, sixty-five”"));
        Assert.Equal("y dijo dios: sea la luz;", WordTokenizer.Detokenize(WordTokenizer.Tokenize("Y dijo Dios: Sea la luz;")));
    }
}
