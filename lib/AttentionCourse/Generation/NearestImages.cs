using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Generation;

/// <summary>
/// The nearest training image to each generated one (Euclidean distance over grey levels), to see whether a
/// generative model draws new images or copies its training set. Used in chapter 15.
/// </summary>
public static class NearestImages
{
    /// <summary>For each query image, the index of the closest reference image and the distance to it.</summary>
    /// <param name="queries">(S, P) grey levels, any numeric type.</param>
    /// <param name="references">(N, P) grey levels.</param>
    /// <returns>Indices (S) int64 into <paramref name="references"/> and distances (S) float64.</returns>
    public static (Tensor Index, Tensor Distance) Find(Tensor queries, Tensor references)
    {
        using var scope = NewDisposeScope();
        var d = cdist(queries.to_type(ScalarType.Float64).unsqueeze(0), references.to_type(ScalarType.Float64).unsqueeze(0)).squeeze(0);  // (S, N)
        var (distance, index) = d.min(1);                                     // (S), (S)
        return (index.MoveToOuterDisposeScope(), distance.MoveToOuterDisposeScope());
    }
}
