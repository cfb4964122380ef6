using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Transformer;

/// <summary>
/// Holds the latest attention weights of one attention layer for plotting: a detached copy that outlives the
/// caller's dispose scope and is freed when the next forward replaces it.
/// </summary>
internal sealed class KeptWeights
{
    Tensor? _value;

    /// <summary>The latest weights (B, h, T, S), or null before the first forward or when weights are not requested.</summary>
    public Tensor? Value => _value;

    /// <summary>Replaces the kept weights with a detached copy of <paramref name="weights"/>.</summary>
    public void Set(Tensor? weights)
    {
        _value?.Dispose();
        _value = weights?.detach().DetachFromDisposeScope();
    }
}
