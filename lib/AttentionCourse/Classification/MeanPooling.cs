using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Classification;

/// <summary>
/// The baseline: every real token gets the same weight, pooled = Σ_t m_t h_t / Σ_t m_t (padding excluded).
/// It is attention pooling with uniform weights α_t = m_t / Σ m. Used in chapter 09.
/// </summary>
public static class MeanPooling
{
    /// <summary>Masked mean over the time axis; a row with no real token gives the zero vector.</summary>
    /// <param name="h">Token vectors (B, T, E).</param>
    /// <param name="mask">(B, T), true = a real token.</param>
    /// <returns>pooled (B, E) and the uniform weights (B, T).</returns>
    public static (Tensor pooled, Tensor weights) forward(Tensor h, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var m = mask.to_type(h.dtype);                                         // (B, T)
        var weights = m / m.sum(1, keepdim: true).clamp_min(1.0);              // (B, T)
        var pooled = weights.unsqueeze(1).bmm(h).squeeze(1);                   // (B, E)
        return (pooled.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }
}
