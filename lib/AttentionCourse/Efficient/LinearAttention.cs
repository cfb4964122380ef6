using static TorchSharp.torch;

namespace AttentionCourse.Efficient;

/// <summary>
/// Linear attention (Katharopoulos et al. 2020, "Transformers are RNNs", eqs. 4-6 and 16-20): the softmax kernel
/// exp(q·k) is replaced by φ(q)·φ(k) with φ(x) = elu(x) + 1, so V_i' = φ(Q_i)ᵀ (Σ_j φ(K_j) V_jᵀ) / φ(Q_i)ᵀ Σ_j φ(K_j).
/// Non-causal, the sums are shared by all queries: O(n d²) instead of O(n² d). Causal, the sums run to j ≤ i, which
/// is a recurrence with a (d × d_v) state: an RNN. Used in chapter 19.
/// </summary>
public static class LinearAttention
{
    /// <summary>The feature map φ(x) = elu(x) + 1 (positive, so the denominator never vanishes).</summary>
    /// <param name="x">Any shape.</param>
    public static Tensor FeatureMap(Tensor x) => nn.functional.elu(x, 1.0) + 1;

    /// <summary>
    /// The parallel form. Non-causal: φ(Q) (φ(K)ᵀ V) / (φ(Q) Σ_j φ(K_j)), never forming T × S. Causal: the same
    /// weights with j ≤ i, computed as the masked (T, S) matrix φ(Q) φ(K)ᵀ (how it is trained in parallel).
    /// </summary>
    /// <param name="q">Queries (..., T, d).</param>
    /// <param name="k">Keys (..., S, d).</param>
    /// <param name="v">Values (..., S, d_v).</param>
    /// <param name="is_causal">Query i sees keys j ≤ i.</param>
    /// <returns>(..., T, d_v).</returns>
    public static Tensor Parallel(Tensor q, Tensor k, Tensor v, bool is_causal)
    {
        using var scope = NewDisposeScope();
        var (fq, fk) = (FeatureMap(q), FeatureMap(k));                               // (..., T, d), (..., S, d)
        if (!is_causal)
        {
            var kv = fk.transpose(-2, -1).matmul(v);                                 // (..., d, d_v)
            var z = fk.sum(-2, keepdim: true);                                       // (..., 1, d)
            var numerator = fq.matmul(kv);                                           // (..., T, d_v)
            var denominator = (fq * z).sum(-1, keepdim: true);                       // (..., T, 1)
            return (numerator / denominator).MoveToOuterDisposeScope();
        }
        var weights = fq.matmul(fk.transpose(-2, -1));                               // (..., T, S)
        var causal = ones(q.shape[^2], k.shape[^2], ScalarType.Bool, q.device).tril(); // (T, S): j ≤ i
        weights = weights.masked_fill(causal.logical_not(), 0.0);
        var output = weights.matmul(v) / weights.sum(-1, keepdim: true);             // (..., T, d_v)
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The recurrent form (causal): S_i = S_{i-1} + φ(K_i) V_iᵀ, z_i = z_{i-1} + φ(K_i), V_i' = φ(Q_i)ᵀ S_i / φ(Q_i)ᵀ z_i;
    /// constant memory per step, as when generating. Equal to <see cref="Parallel"/> with is_causal (tested to 1e-5).
    /// </summary>
    /// <param name="q">Queries (..., T, d).</param>
    /// <param name="k">Keys (..., T, d).</param>
    /// <param name="v">Values (..., T, d_v).</param>
    /// <returns>(..., T, d_v).</returns>
    public static Tensor Recurrent(Tensor q, Tensor k, Tensor v)
    {
        if (q.shape[^2] != k.shape[^2]) throw new ArgumentException("The recurrent form needs as many keys as queries.", nameof(k));
        using var scope = NewDisposeScope();
        var (fq, fk) = (FeatureMap(q), FeatureMap(k));
        var state = zeros([.. q.shape[..^2], q.shape[^1], v.shape[^1]], q.dtype, q.device);   // S: (..., d, d_v)
        var z = zeros([.. q.shape[..^2], q.shape[^1]], q.dtype, q.device);                    // (..., d)
        var outputs = new Tensor[q.shape[^2]];
        for (long i = 0; i < q.shape[^2]; i++)
        {
            var (qi, ki, vi) = (fq.select(-2, i), fk.select(-2, i), v.select(-2, i));          // (..., d), (..., d), (..., d_v)
            state = state + ki.unsqueeze(-1) * vi.unsqueeze(-2);                               // (..., d, d_v)
            z = z + ki;                                                                        // (..., d)
            var numerator = qi.unsqueeze(-2).matmul(state).squeeze(-2);                       // (..., d_v)
            outputs[i] = numerator / (qi * z).sum(-1, keepdim: true);                          // (..., d_v)
        }
        return stack(outputs, -2).MoveToOuterDisposeScope();                                   // (..., T, d_v)
    }
}
