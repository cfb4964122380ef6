using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Cost;

/// <summary>
/// Counts the multiply-adds of the matrix products it performs, so a from-scratch forward pass written with
/// <see cref="matmul"/> and <see cref="linear"/> reports its own cost. A product (..., m, k) x (..., k, n) costs
/// m·k·n multiply-adds per broadcast batch element; FLOPs are twice that (one multiply, one add). Softmax,
/// biases and reshapes are not counted (lower order). Used in chapter 03 to check
/// <see cref="Attention.MultiheadAttention.Flops"/> against a measured count.
/// </summary>
public sealed class MatmulCounter
{
    /// <summary>Multiply-adds counted so far.</summary>
    public long MultiplyAdds { get; private set; }

    /// <summary>FLOPs counted so far: 2 × <see cref="MultiplyAdds"/>.</summary>
    public double Flops => 2.0 * MultiplyAdds;

    /// <summary>Sets the count back to zero.</summary>
    public void Reset() => MultiplyAdds = 0;

    /// <summary><c>a.matmul(b)</c> for a of shape (..., m, k) and b of shape (..., k, n) (batch dimensions broadcast), counting m·k·n per output matrix.</summary>
    /// <param name="a">Left factor (..., m, k), at least 2-D.</param>
    /// <param name="b">Right factor (..., k, n), at least 2-D.</param>
    /// <returns>The product (..., m, n).</returns>
    public Tensor matmul(Tensor a, Tensor b)
    {
        if (a.dim() < 2 || b.dim() < 2) throw new ArgumentException("MatmulCounter.matmul expects matrices or batches of matrices.");
        var product = a.matmul(b);                                             // (..., m, n)
        MultiplyAdds += product.numel() * a.shape[^1];                         // every output entry is a k-term dot product
        return product;
    }

    /// <summary>x W^T + b as <c>nn.functional.linear</c>, counting in·out multiply-adds per row of x.</summary>
    /// <param name="x">Input (..., in).</param>
    /// <param name="weight">Weight (out, in).</param>
    /// <param name="bias">Optional bias (out), not counted.</param>
    /// <returns>(..., out).</returns>
    public Tensor linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        var y = nn.functional.linear(x, weight, bias);                         // (..., out)
        MultiplyAdds += y.numel() * weight.shape[1];
        return y;
    }
}
