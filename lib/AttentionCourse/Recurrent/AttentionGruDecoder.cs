using AttentionCourse.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Recurrent;

/// <summary>
/// The decoder of Bahdanau et al. (2015, section 3.1): at step i the previous state s_{i-1} queries the
/// annotations with additive attention, e_ij = v^T tanh(W s_{i-1} + U h_j) (eq. 6), α_ij = softmax_j(e_ij) over
/// the real source positions, context c_i = Σ_j α_ij h_j (eq. 5); then s_i = GRU([y_{i-1}; c_i], s_{i-1}) and the
/// next-token logits come from a linear layer on [s_i; c_i; y_{i-1}] (a simplified form of appendix A.2.2, with
/// no maxout). Used in chapters 07 and 08.
/// </summary>
public sealed class AttentionGruDecoder : nn.Module<Tensor, Tensor, Tensor, Tensor, (Tensor logits, Tensor weights)>
{
    /// <summary>Target token embeddings, PAD id 0.</summary>
    public readonly Embedding embedding;
    /// <summary>The additive attention (query: decoder state, keys and values: annotations).</summary>
    public readonly AdditiveAttention attention;
    /// <summary>The recurrent cell: input [y_{i-1}; c_i], state s.</summary>
    public readonly GRUCell cell;
    /// <summary>Output layer [s_i; c_i; y_{i-1}] -> target vocabulary.</summary>
    public readonly Linear output;
    /// <summary>
    /// False for the baseline without attention (the "RNNencdec" of Bahdanau et al. 2015, after Cho et al. 2014): the
    /// context is the same vector at every step, the encoder's last states c = [→h_{T_x}; ←h_1], and the weights
    /// returned are all zero. The attention module then exists but is never called (its parameters get no gradient).
    /// Used in chapter 07.
    /// </summary>
    public readonly bool attend;

    /// <summary>Creates the decoder.</summary>
    /// <param name="vocab_size">Target vocabulary size.</param>
    /// <param name="embed_dim">Embedding size.</param>
    /// <param name="hidden_size">Decoder state size H.</param>
    /// <param name="annotation_size">Encoder annotation size (2 * encoder hidden size).</param>
    /// <param name="attend">True (default): additive attention; false: the fixed context of <see cref="attend"/>.</param>
    public AttentionGruDecoder(long vocab_size, long embed_dim, long hidden_size, long annotation_size, bool attend = true)
        : base(nameof(AttentionGruDecoder))
    {
        this.attend = attend;
        embedding = nn.Embedding(vocab_size, embed_dim, padding_idx: 0);
        attention = new AdditiveAttention(hidden_size, annotation_size, hidden_size);
        cell = nn.GRUCell(embed_dim + annotation_size, hidden_size);
        output = nn.Linear(hidden_size + annotation_size + embed_dim, vocab_size);
        RegisterComponents();
    }

    /// <summary>One decoding step.</summary>
    /// <param name="y_prev">Previous tokens (B).</param>
    /// <param name="state">s_{i-1} (B, H).</param>
    /// <param name="annotations">h (B, S, 2H_enc).</param>
    /// <param name="src_lengths">Real source lengths (B).</param>
    /// <param name="projected">U h_j, the annotations projected for scoring (B, S, H); computed here when null. A caller
    /// that steps many times passes <c>attention.W_k.forward(annotations)</c> once (it does not depend on the step).</param>
    /// <returns>Logits (B, V), the new state s_i (B, H) and the weights α_i (B, S).</returns>
    public (Tensor logits, Tensor state, Tensor weights) step(Tensor y_prev, Tensor state, Tensor annotations, Tensor src_lengths,
        Tensor? projected = null)
    {
        using var scope = NewDisposeScope();
        var (features, s, weights) = Recur(y_prev, state, annotations, projected ?? attention.W_k.forward(annotations), src_lengths);
        var logits = output.forward(features);                                            // (B, V)
        return (logits.MoveToOuterDisposeScope(), s.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }

    /// <summary>Teacher forcing: the recurrence over the whole target input, then the output layer on all steps at once.</summary>
    /// <param name="tgt_in">Target input ids (B, T), BOS first.</param>
    /// <param name="state">s_0 (B, H).</param>
    /// <param name="annotations">h (B, S, 2H_enc).</param>
    /// <param name="src_lengths">Real source lengths (B).</param>
    /// <returns>Logits (B, T, V) and attention weights (B, T, S).</returns>
    public override (Tensor logits, Tensor weights) forward(Tensor tgt_in, Tensor state, Tensor annotations, Tensor src_lengths)
    {
        using var scope = NewDisposeScope();
        var projected = attention.W_k.forward(annotations);                               // (B, S, H), once for all steps
        var features = new List<Tensor>();
        var weights = new List<Tensor>();
        for (var t = 0; t < tgt_in.shape[1]; t++)
        {
            var (f, s, w) = Recur(tgt_in[.., t], state, annotations, projected, src_lengths);
            state = s;
            features.Add(f);
            weights.Add(w);
        }
        var logits = output.forward(stack(features, 1));                                  // (B, T, H + 2H_enc + E) -> (B, T, V)
        return (logits.MoveToOuterDisposeScope(), stack(weights, 1).MoveToOuterDisposeScope()); // (B, T, V), (B, T, S)
    }

    /// <summary>The recurrence of one step: attention, GRU cell, and the output layer's input [s_i; c_i; y_{i-1}].</summary>
    (Tensor features, Tensor state, Tensor weights) Recur(Tensor y_prev, Tensor state, Tensor annotations, Tensor projected, Tensor src_lengths)
    {
        var y = embedding.forward(y_prev);                                                 // (B, E)
        Tensor c, alpha;
        if (attend)
        {
            var (context, weights) = attention.forward_projected(state.unsqueeze(1), projected, annotations, src_lengths); // (B, 1, 2H), (B, 1, S)
            (c, alpha) = (context.squeeze(1), weights.squeeze(1));                         // (B, 2H), (B, S)
        }
        else (c, alpha) = (LastStates(annotations, src_lengths), zeros_like(annotations[.., .., 0])); // (B, 2H), (B, S)
        var s = cell.forward(cat([y, c], 1), state);                                       // (B, H)
        return (cat([s, c, y], 1), s, alpha);                                              // (B, H + 2H + E), (B, H), (B, S)
    }

    /// <summary>
    /// The encoder's last states [→h_{T_x}; ←h_1] of each row: the forward half of the annotation at the last real
    /// position and the backward half of the first annotation. Used by the baseline without attention (chapter 07).
    /// </summary>
    /// <param name="annotations">h (B, S, 2H_enc), right-padded.</param>
    /// <param name="src_lengths">Real source lengths (B), each at least 1.</param>
    /// <returns>(B, 2H_enc).</returns>
    public static Tensor LastStates(Tensor annotations, Tensor src_lengths)
    {
        var half = annotations.shape[2] / 2;
        var index = (src_lengths.to(annotations.device) - 1).view(-1, 1, 1).expand(-1, 1, annotations.shape[2]); // (B, 1, 2H)
        var last = annotations.gather(1, index).squeeze(1);                                // (B, 2H): annotation at T_x
        return cat([last[.., ..(int)half], annotations[.., 0, (int)half..]], 1);           // (B, 2H)
    }
}
