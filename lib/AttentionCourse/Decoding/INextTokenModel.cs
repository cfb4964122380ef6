using static TorchSharp.torch;

namespace AttentionCourse.Decoding;

/// <summary>
/// The next-token step every decoder provides and every search in <see cref="Search"/> runs on: the log-probabilities
/// of the token after each target prefix, given the source. <c>Seq2SeqGru</c> (chapter 07) and
/// <c>Seq2SeqTransformer</c> (chapters 05 and 08) both implement it, so one greedy contract covers both.
/// </summary>
public interface INextTokenModel
{
    /// <summary>
    /// log p(y_{t+1} | prefix, source) for each row, in eval mode without gradients.
    /// </summary>
    /// <param name="src">Source ids (k, S), or (1, S) shared by every prefix.</param>
    /// <param name="prefixes">Target prefixes (k, t) int64, BOS first.</param>
    /// <returns>Log-probabilities (k, V).</returns>
    Tensor next_log_probs(Tensor src, Tensor prefixes);
}
