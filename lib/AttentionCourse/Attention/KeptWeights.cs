using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>
/// The one holder for kept attention weights: the latest weights of one attention layer, for plotting, as a detached
/// copy that outlives the caller's dispose scope and is freed when the next forward replaces it. Modules that can keep
/// their weights take PyTorch's flag name, <c>need_weights</c>, and expose the kept copy as a property.
/// </summary>
public sealed class KeptWeights
{
    Tensor? _value;

    /// <summary>The latest weights (B, h, T, S), or null before the first forward or when weights are not requested.</summary>
    public Tensor? Value => _value;

    /// <summary>Replaces the kept weights with a detached copy of <paramref name="weights"/>.</summary>
    /// <param name="weights">The new weights, or null to keep none.</param>
    public void Set(Tensor? weights)
    {
        _value?.Dispose();
        _value = weights?.detach().DetachFromDisposeScope();
    }
}
