using AttentionCourse.Metrics;
using AttentionCourse.Tasks;
using AttentionCourse.Transformer;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Metrics;

public class SequenceAccuracyTests
{
    [Fact]
    public void A_row_counts_only_when_every_token_up_to_eos_is_right()
    {
        T.Init();
        var target = tensor(new long[,] { { 4, 5, 2, 0 }, { 6, 7, 8, 2 }, { 3, 2, 0, 0 }, { 9, 9, 2, 0 } });
        var generated = tensor(new long[,] { { 4, 5, 2, 7 }, { 6, 7, 8, 5 }, { 3, 2, 2, 2 }, { 9, 4, 2, 0 } });
        // Row 0 right (token after EOS ignored), row 1 wrong EOS, row 2 right, row 3 one wrong digit.
        Assert.Equal(0.5, SequenceAccuracy.WholeSequence(generated, target), 12);
    }

    [Fact]
    public void A_generated_row_that_stops_early_is_wrong()
    {
        T.Init();
        var target = tensor(new long[,] { { 4, 5, 2 }, { 6, 2, 0 } });
        var generated = tensor(new long[,] { { 4, 5 }, { 6, 2 } });
        Assert.Equal(0.5, SequenceAccuracy.WholeSequence(generated, target), 12);
    }

    [Fact]
    public void Greedy_accuracy_of_an_untrained_model_is_low_and_of_the_targets_themselves_is_one()
    {
        T.Init();
        var (src, _, tgtOut) = DigitSequences.Generate(50, 4, 4, reverse: true, seed: 3);
        Assert.Equal(1.0, SequenceAccuracy.WholeSequence(tgtOut, tgtOut), 12);
        using var model = new Seq2SeqTransformer(TransformerConfig.Nano(DigitSequences.VocabSize));
        Assert.True(SequenceAccuracy.Greedy(model, src, tgtOut) < 0.1);
    }

    [Fact]
    public void Token_labels_use_the_papers_sentence_markers()
    {
        T.Init();
        Assert.Equal(new[] { "<s>", "0", "9", "</s>", "<pad>" }, DigitTokens.Labels(tensor(new long[] { 1, 3, 12, 2, 0 })));
        Assert.Equal("<s> 0 9 </s>", DigitTokens.Text(tensor(new long[] { 1, 3, 12, 2, 0 })));
    }
}
