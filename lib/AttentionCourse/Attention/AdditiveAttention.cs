using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>
/// Additive (Bahdanau) attention: score a(q, k) = w_v^T tanh(W_q q + W_k k) (Bahdanau et al. 2015, eq. 6 of
/// appendix A.1.2), then masked softmax and a weighted average of the values. Queries and keys may have
/// different sizes. Names follow d2l: <c>W_q</c>, <c>W_k</c>, <c>w_v</c> (no biases). Used in chapter 02.
/// </summary>
public sealed class AdditiveAttention : nn.Module<Tensor, Tensor, Tensor, (Tensor output, Tensor weights)>
{
    /// <summary>Query projection W_q: query_size -> num_hiddens.</summary>
    public readonly Linear W_q;
    /// <summary>Key projection W_k: key_size -> num_hiddens.</summary>
    public readonly Linear W_k;
    /// <summary>Score vector w_v: num_hiddens -> 1.</summary>
    public readonly Linear w_v;

    /// <summary>Creates the three bias-free projections.</summary>
    /// <param name="query_size">Query feature size d_q.</param>
    /// <param name="key_size">Key feature size d_k.</param>
    /// <param name="num_hiddens">Hidden size of the one-layer scoring MLP.</param>
    public AdditiveAttention(long query_size, long key_size, long num_hiddens) : base(nameof(AdditiveAttention))
    {
        W_q = nn.Linear(query_size, num_hiddens, hasBias: false);
        W_k = nn.Linear(key_size, num_hiddens, hasBias: false);
        w_v = nn.Linear(num_hiddens, 1, hasBias: false);
        RegisterComponents();
    }

    /// <summary>Scores a(q_i, k_j) = w_v^T tanh(W_q q_i + W_k k_j) for every query-key pair.</summary>
    /// <param name="query">Queries (B, T, d_q).</param>
    /// <param name="key">Keys (B, S, d_k).</param>
    /// <returns>Scores (B, T, S).</returns>
    public Tensor score(Tensor query, Tensor key) => score_projected(query, W_k.forward(key));

    /// <summary>
    /// The scores from keys already projected, W_k k_j (B, S, H). A decoder that queries the same keys at every step
    /// projects them once: "U_a h_j does not depend on i, we can pre-compute it" (Bahdanau et al. 2015, appendix A.1.2).
    /// Used by <see cref="Recurrent.AttentionGruDecoder"/> in chapters 07 and 08.
    /// </summary>
    /// <param name="query">Queries (B, T, d_q).</param>
    /// <param name="projected_keys">W_k applied to the keys, (B, S, H).</param>
    /// <returns>Scores (B, T, S).</returns>
    public Tensor score_projected(Tensor query, Tensor projected_keys)
    {
        using var scope = NewDisposeScope();
        var q = W_q.forward(query).unsqueeze(2);                               // (B, T, 1, H)
        var k = projected_keys.unsqueeze(1);                                   // (B, 1, S, H)
        var features = (q + k).tanh();                                         // (B, T, S, H)
        return w_v.forward(features).squeeze(-1).MoveToOuterDisposeScope();   // (B, T, S)
    }

    /// <summary>Attention without a mask: output = softmax(a(Q, K)) V.</summary>
    public override (Tensor output, Tensor weights) forward(Tensor query, Tensor key, Tensor value) =>
        forward(query, key, value, null);

    /// <summary>output_i = sum_j softmax_j(a(q_i, k_j)) v_j, with masked keys at weight exactly 0.</summary>
    /// <param name="query">Queries (B, T, d_q).</param>
    /// <param name="key">Keys (B, S, d_k).</param>
    /// <param name="value">Values (B, S, d_v).</param>
    /// <param name="valid_lens">Optional valid lengths (B) or (B, T); see <see cref="MaskedSoftmax.forward_valid_lens"/>.</param>
    /// <returns>Output (B, T, d_v) and weights (B, T, S).</returns>
    public (Tensor output, Tensor weights) forward(Tensor query, Tensor key, Tensor value, Tensor? valid_lens) =>
        forward_projected(query, W_k.forward(key), value, valid_lens);

    /// <summary>As <see cref="forward(Tensor, Tensor, Tensor, Tensor?)"/>, from keys already projected (see <see cref="score_projected"/>).</summary>
    /// <param name="query">Queries (B, T, d_q).</param>
    /// <param name="projected_keys">W_k applied to the keys, (B, S, H).</param>
    /// <param name="value">Values (B, S, d_v).</param>
    /// <param name="valid_lens">Optional valid lengths (B) or (B, T).</param>
    /// <returns>Output (B, T, d_v) and weights (B, T, S).</returns>
    public (Tensor output, Tensor weights) forward_projected(Tensor query, Tensor projected_keys, Tensor value, Tensor? valid_lens)
    {
        using var scope = NewDisposeScope();
        var scores = score_projected(query, projected_keys);                   // (B, T, S)
        var weights = valid_lens is null ? scores.softmax(-1) : MaskedSoftmax.forward_valid_lens(scores, valid_lens);
        var output = weights.matmul(value);                                    // (B, T, d_v)
        return (output.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }
}
