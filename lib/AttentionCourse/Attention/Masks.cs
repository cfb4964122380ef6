using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>
/// Boolean attention masks, true = attend (the course's one convention), and the one place the course builds them:
/// causal (with or without cached past positions), from padding, and the combination of two. Used in chapters 02, 05,
/// 06 and 10 and by every attention module.
/// </summary>
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
    /// Causal mask for T new queries after <paramref name="past"/> cached positions (a KV cache): query t sits at
    /// absolute position past + t, so M[t, s] = (s &lt;= past + t) over S = past + T keys. With past = 0 it is
    /// <see cref="Causal"/>(T); in general it is bottom-right aligned, unlike <c>is_causal</c>. Used by chapter 10's
    /// cached generation.
    /// </summary>
    /// <param name="T">Number of new queries.</param>
    /// <param name="past">Number of cached positions before them, &gt;= 0.</param>
    /// <param name="device">Device; defaults to the CPU.</param>
    /// <returns>Mask (T, past + T).</returns>
    public static Tensor CausalWithPast(long T, long past, torch.Device? device = null)
    {
        using var scope = NewDisposeScope();
        var queries = arange(past, past + T, device: device).unsqueeze(1);     // (T, 1) absolute positions
        var keys = arange(past + T, device: device).unsqueeze(0);              // (1, S)
        return keys.le(queries).MoveToOuterDisposeScope();                     // (T, S)
    }

    /// <summary>
    /// Both masks at once: attend only where both allow (logical and, broadcast); null stands for "no mask", so
    /// Combine(null, b) = b. Used to join a padding mask with a causal one.
    /// </summary>
    /// <param name="a">A mask, or null.</param>
    /// <param name="b">Another mask broadcastable with <paramref name="a"/>, or null.</param>
    public static Tensor? Combine(Tensor? a, Tensor? b) =>
        a is null ? b : b is null ? a : a.logical_and(b);

    /// <summary>
    /// Key mask from padding, true where a token is real: mask[b, j] = (tokens[b, j] != pad_id).
    /// This is the negation of PyTorch's <c>key_padding_mask</c>.
    /// </summary>
    /// <param name="tokens">Token ids (B, S).</param>
    /// <param name="pad_id">The padding id.</param>
    /// <returns>Mask (B, S).</returns>
    public static Tensor FromPadding(Tensor tokens, long pad_id) => tokens.ne(pad_id);
}
