using AttentionCourse.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Decoding;

/// <summary>
/// Turns a <see cref="Seq2SeqTransformer"/> and one source sentence into the <c>next_log_probs</c> function that
/// <see cref="Search"/> needs: the source is encoded once, and each call decodes the prefixes against that memory.
/// Used in chapter 08.
/// </summary>
public static class TransformerSteps
{
    /// <summary>
    /// next_log_probs(prefixes (k, t)) = log_softmax(decode(prefixes, memory, src)[:, -1]), shape (k, V), in eval mode
    /// without gradients. The returned function owns the encoded memory until the caller's dispose scope ends.
    /// </summary>
    /// <param name="model">The trained model (switched to eval mode).</param>
    /// <param name="src">One source sentence (1, S).</param>
    public static Func<Tensor, Tensor> For(Seq2SeqTransformer model, Tensor src)
    {
        model.eval();
        Tensor memory;
        using (no_grad()) memory = model.encode(src);                                     // (1, S, E)
        return prefixes =>
        {
            using var _ = no_grad();
            var k = prefixes.shape[0];
            var logits = model.decode(prefixes, memory.expand(k, -1, -1), src.expand(k, -1)); // (k, t, V)
            return logits[.., -1].log_softmax(-1);                                          // (k, V)
        };
    }
}
