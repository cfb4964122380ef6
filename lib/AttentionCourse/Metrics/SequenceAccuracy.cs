using AttentionCourse.Tasks;
using AttentionCourse.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Metrics;

/// <summary>
/// Whole-sequence accuracy of generated sequences: a row counts only if every token up to and including the
/// target's EOS is right (what a user of a reverser cares about; per-token accuracy hides one wrong digit in
/// six). Tokens generated after the target's EOS are ignored. Used in chapters 05 and 06.
/// </summary>
public static class SequenceAccuracy
{
    /// <summary>
    /// Fraction of rows n with generated[n, t] = target[n, t] for every t where target[n, t] != pad_id.
    /// A generated row shorter than the target is padded with <paramref name="pad_id"/> (so it is wrong).
    /// </summary>
    /// <param name="generated">Generated ids (N, L'), BOS removed.</param>
    /// <param name="target">Target ids (N, L): tokens, EOS, then padding.</param>
    /// <param name="pad_id">Padding id; default <see cref="DigitSequences.PAD"/>.</param>
    /// <returns>A number in [0, 1].</returns>
    public static double WholeSequence(Tensor generated, Tensor target, long pad_id = DigitSequences.PAD)
    {
        using var scope = NewDisposeScope();
        var (N, L) = (target.shape[0], target.shape[1]);
        var g = generated.shape[1] >= L ? generated[.., ..(int)L]
            : cat([generated, full(N, L - generated.shape[1], pad_id, dtype: generated.dtype, device: generated.device)], 1); // (N, L)
        var rowRight = g.eq(target).logical_or(target.eq(pad_id)).all(1);     // (N)
        return rowRight.to_type(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>
    /// Greedy-decodes <paramref name="src"/> with <see cref="Seq2SeqTransformer.greedy_decode"/> (at most as many
    /// tokens as the target is wide) and scores it with <see cref="WholeSequence"/>.
    /// </summary>
    /// <param name="model">A trained model; left in eval mode.</param>
    /// <param name="src">Source ids (N, S).</param>
    /// <param name="tgt_out">Target ids (N, L), ending with EOS then padding.</param>
    public static double Greedy(Seq2SeqTransformer model, Tensor src, Tensor tgt_out)
    {
        using var scope = NewDisposeScope();
        var generated = model.greedy_decode(src, DigitSequences.BOS, DigitSequences.EOS, (int)tgt_out.shape[1]); // (N, n), BOS excluded
        return WholeSequence(generated, tgt_out);
    }
}
