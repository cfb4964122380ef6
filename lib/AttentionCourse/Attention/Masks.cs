using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>Boolean attention masks, true = attend (the course's one convention). Used in chapters 02, 05 and 06.</summary>
public static class Masks
{
    /// <summary>
    /// Causal mask M_ij = (j &lt;= i): query i sees keys 0..i and never a later one. Top-left aligned as in
    /// PyTorch's <c>is_causal</c>, so for T != S row i still stops at key i.
    /// </summary>
    /// <param name="T">Number of queries.</param>
    /// <param name="S">Number of keys; defaults to T.</param>
    /// <param name="device">Device; defaults to the CPU.</param>
    /// <returns>Mask (T, S).</returns>
    public static Tensor Causal(long T, long? S = null, torch.Device? device = null) =>
        ones(T, S ?? T, dtype: ScalarType.Bool, device: device).tril();

    /// <summary>
    /// Key mask from padding, true where a token is real: mask[b, j] = (tokens[b, j] != pad_id).
    /// This is the negation of PyTorch's <c>key_padding_mask</c>.
    /// </summary>
    /// <param name="tokens">Token ids (B, S).</param>
    /// <param name="pad_id">The padding id.</param>
    /// <returns>Mask (B, S).</returns>
    public static Tensor FromPadding(Tensor tokens, long pad_id) => tokens.ne(pad_id);
}
