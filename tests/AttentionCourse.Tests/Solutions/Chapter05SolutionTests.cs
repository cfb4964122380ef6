using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using AttentionCourse.Tasks;
using AttentionCourse.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter05SolutionTests
{
    [Fact]
    public void Exercise_5_1_layer_norm_equals_torchsharps_layer_norm()
    {
        T.Init();
        Check.Strict.Function("5.1", a => Chapter05.LayerNorm(a[0]),
            a => nn.functional.layer_norm(a[0], [a[0].shape[^1]]), [[2, 5, 32], [3, 8]]);
    }

    [Fact]
    public void Exercise_5_2_pre_ln_block_written_out_equals_the_library_block()
    {
        T.Init();
        using var block = new TransformerEncoderBlock(32, 4, 64, dropout: 0.0, norm_first: true);
        block.eval();
        Check.Strict.Function("5.2", a => Chapter05.PreLnEncoderBlock(block, a[0]), a => block.forward(a[0]), [[2, 7, 32]]);
    }

    [Fact]
    public void Exercise_5_2_check_rejects_the_post_ln_order()
    {
        T.Init();
        using var block = new TransformerEncoderBlock(32, 4, 64, dropout: 0.0, norm_first: false);
        block.eval();
        Assert.Throws<ExerciseCheckException>(() =>
            Check.Strict.Function("5.2", a => Chapter05.PreLnEncoderBlock(block, a[0]), a => block.forward(a[0]), [[2, 7, 32]]));
    }

    [Fact]
    public void Exercise_5_3_reversal_alignment_maps_the_one_hot_source_to_the_one_hot_target()
    {
        T.Init();
        var (src, _, tgtOut) = DigitSequences.Generate(4, 6, 6, reverse: true, seed: 5);
        var oneHotSrc = nn.functional.one_hot(src, DigitSequences.VocabSize).to_type(ScalarType.Float32);  // (4, 7, 13)
        var oneHotTgt = nn.functional.one_hot(tgtOut, DigitSequences.VocabSize).to_type(ScalarType.Float32);
        Check.Strict.Close("5.3", () => Chapter05.ReversalAlignment(6).matmul(oneHotSrc), oneHotTgt);
    }
}
