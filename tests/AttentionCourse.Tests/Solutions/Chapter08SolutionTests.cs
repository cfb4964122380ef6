using AttentionCourse.Exercises;
using AttentionCourse.Metrics;
using AttentionCourse.Solutions;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter08SolutionTests
{
    static IReadOnlyList<string> W(string s) => s.Split(' ');

    [Fact]
    public void Exercise_8_1_brevity_penalty_equals_the_bleu_implementations()
    {
        T.Init();
        foreach (var (hyp, reference) in new[] { ("a b c", "a b c d e f"), ("a b c d e", "a b c"), ("a", "a b"), ("a b", "a b") })
            Check.Strict.Close("8.1", () => Chapter08.BrevityPenalty(W(hyp).Count, W(reference).Count),
                Bleu.Corpus([W(hyp)], [W(reference)]).BrevityPenalty, 1e-12);
        Check.Strict.Close("8.1", () => Chapter08.BrevityPenalty(5, 6), Math.Exp(-0.2), 1e-12);
    }

    [Fact]
    public void Exercise_8_2_clipped_precision_equals_bleus_first_precision()
    {
        T.Init();
        Check.Strict.Close("8.2", () => Chapter08.ClippedUnigramPrecision(W("the the the the the the the"), W("the cat is on the mat")), 2.0 / 7, 1e-12);
        Check.Strict.Close("8.2", () => Chapter08.ClippedUnigramPrecision(W("y dijo dios sea la luz la"), W("y dijo dios : sea la luz")),
            Bleu.Corpus([W("y dijo dios sea la luz la")], [W("y dijo dios : sea la luz")], max_n: 1).Precisions[0], 1e-12);
    }

    [Fact]
    public void Exercise_8_3_label_smoothing_equals_torchsharps_cross_entropy()
    {
        T.Init();
        var logits = randn(6, 9);
        var targets = tensor(new long[] { 0, 3, 8, 2, 2, 5 });
        Check.Strict.Close("8.3", () => Chapter08.LabelSmoothedCrossEntropy(logits, targets, 0.1),
            nn.functional.cross_entropy(logits, targets, label_smoothing: 0.1));
        Check.Strict.Close("8.3", () => Chapter08.LabelSmoothedCrossEntropy(logits, targets, 0.0), nn.functional.cross_entropy(logits, targets));
    }
}
