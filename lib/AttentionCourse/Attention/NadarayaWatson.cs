using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>The kernels K(u) of <see cref="NadarayaWatson"/>, with u = (query - key) / width.</summary>
public enum Kernel
{
    /// <summary>Gaussian K(u) = exp(-u^2 / 2); every key gets some weight.</summary>
    Gaussian,
    /// <summary>Boxcar K(u) = 1 if |u| &lt;= 1 else 0: a plain average over a window.</summary>
    Boxcar,
    /// <summary>Epanechnikov K(u) = 3/4 (1 - u^2) if |u| &lt;= 1 else 0.</summary>
    Epanechnikov,
}

/// <summary>
/// Nadaraya-Watson kernel regression as attention pooling (Nadaraya 1964; Watson 1964; d2l section 11.2):
/// f(q) = sum_i alpha(q, k_i) v_i with alpha(q, k_i) = K((q - k_i)/h) / sum_j K((q - k_j)/h). The Gaussian case
/// is softmax(-((q - k)/h)^2 / 2). A query with no key inside a compact kernel's window gets all-zero weights and
/// predicts 0 (the masked-softmax convention). Used in chapter 01.
/// </summary>
public static class NadarayaWatson
{
    /// <summary>Attention pooling of values by kernel weights between each query and every key.</summary>
    /// <param name="queries">Query points (Q).</param>
    /// <param name="keys">Training inputs (N).</param>
    /// <param name="values">Training targets (N).</param>
    /// <param name="kernel">Kernel; see <see cref="Kernel"/>.</param>
    /// <param name="width">Bandwidth h &gt; 0; default 1.</param>
    /// <returns>Predictions (Q) and attention weights (Q, N), rows summing to 1 (or 0 when empty).</returns>
    public static (Tensor predictions, Tensor weights) Predict(Tensor queries, Tensor keys, Tensor values,
        Kernel kernel = Kernel.Gaussian, double width = 1.0)
    {
        using var scope = NewDisposeScope();
        var u = (queries.unsqueeze(1) - keys.unsqueeze(0)) / width;           // (Q, N)
        var weights = kernel switch
        {
            Kernel.Gaussian => (-u.square() / 2).softmax(-1),                  // softmax of scores -u^2/2
            Kernel.Boxcar => Normalise(u.abs().le(1).to(u.dtype)),
            Kernel.Epanechnikov => Normalise((0.75 * (1 - u.square())).clamp_min(0)),
            _ => throw new ArgumentOutOfRangeException(nameof(kernel)),
        };
        var predictions = weights.matmul(values);                              // (Q, N) x (N) = (Q)
        return (predictions.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }

    static Tensor Normalise(Tensor k)
    {
        var sum = k.sum(-1, keepdim: true);                                    // (Q, 1)
        return k / sum.masked_fill(sum.eq(0), 1.0);                           // empty window: zeros, not NaN
    }
}
