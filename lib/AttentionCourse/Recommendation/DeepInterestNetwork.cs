using AttentionCourse.Attention;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AttentionCourse.Recommendation;

/// <summary>How <see cref="DeepInterestNetwork"/> pools the history into one user vector.</summary>
public enum HistoryPooling
{
    /// <summary>Mean of the real history items' embeddings: the "embedding and MLP" base model DIN improves on.</summary>
    Mean,
    /// <summary>DIN's local activation unit, weights used as they come (not normalised), as Zhou et al. (2018) prescribe.</summary>
    Attention,
    /// <summary>The activation unit's scores through a masked softmax over the real history items.</summary>
    SoftmaxAttention,
}

/// <summary>Settings of <see cref="DeepInterestNetwork"/> (chapter 16), with the defaults used there.</summary>
/// <param name="NumItems">Items N (ids 1..N; 0 is padding).</param>
/// <param name="Pooling">How the history is pooled; default DIN's unnormalised attention.</param>
/// <param name="EmbedDim">Item embedding width d; default 16.</param>
/// <param name="AttentionHidden">Hidden width of the activation unit; default 32.</param>
/// <param name="Hidden">Hidden width of the click MLP (two layers: Hidden, Hidden / 2); default 64.</param>
public sealed record DinConfig(int NumItems, HistoryPooling Pooling = HistoryPooling.Attention, int EmbedDim = 16,
    int AttentionHidden = 32, int Hidden = 64);

/// <summary>
/// DIN's local activation unit (Zhou et al. 2018, section 4.3 and Fig. 2): a small MLP scoring each history item
/// e_h against the candidate (target) e_t from [e_h, e_t, e_h − e_t, e_h ⊙ e_t]; the paper feeds the outer product,
/// its released code the difference and product used here. PReLU as the paper's activation.
/// </summary>
public sealed class ActivationUnit : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Layers 4d → hidden → 1.</summary>
    public readonly Linear fc1, fc2;
    /// <summary>The PReLU between them (one learned slope).</summary>
    public readonly PReLU act;

    /// <summary>Creates the unit.</summary>
    /// <param name="embed_dim">Embedding width d.</param>
    /// <param name="hidden">Hidden width.</param>
    public ActivationUnit(long embed_dim, long hidden) : base(nameof(ActivationUnit))
    {
        fc1 = nn.Linear(4 * embed_dim, hidden);
        act = nn.PReLU(1);                  // one slope: PReLU's per-channel form expects channels at dimension 1
        fc2 = nn.Linear(hidden, 1);
        RegisterComponents();
    }

    /// <summary>One score per history item.</summary>
    /// <param name="e_h">History embeddings (B, L, d).</param>
    /// <param name="e_t">Candidate embedding (B, d).</param>
    /// <returns>Scores (B, L).</returns>
    public override Tensor forward(Tensor e_h, Tensor e_t)
    {
        using var scope = NewDisposeScope();
        return fc2.forward(act.forward(fc1.forward(Features(e_h, e_t)))).squeeze(-1).MoveToOuterDisposeScope(); // (B, L)
    }

    /// <summary>The unit's input [e_h, e_t, e_h − e_t, e_h ⊙ e_t], the candidate repeated along the history.</summary>
    /// <param name="e_h">History embeddings (B, L, d).</param>
    /// <param name="e_t">Candidate embedding (B, d).</param>
    /// <returns>(B, L, 4d).</returns>
    public static Tensor Features(Tensor e_h, Tensor e_t)
    {
        var t = e_t.unsqueeze(1).expand_as(e_h);                                    // (B, L, d)
        return cat([e_h, t, e_h - t, e_h * t], -1);                                  // (B, L, 4d)
    }
}

/// <summary>
/// The click model of chapter 16. The history is pooled into a user vector v_U (by <see cref="HistoryPooling"/>),
/// then an MLP over [v_U, e_t] gives the click logit. With attention, v_U = Σ_j a(e_j, e_t) e_j (Zhou et al. 2018,
/// Eq. 3), so the user vector changes with the candidate; with mean pooling it does not. Used in chapters 16 and 21.
/// </summary>
public sealed class DeepInterestNetwork : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>The settings.</summary>
    public readonly DinConfig config;
    /// <summary>Item embeddings (N + 1, d); row 0 is padding.</summary>
    public readonly Embedding item_emb;
    /// <summary>The activation unit (unused by mean pooling).</summary>
    public readonly ActivationUnit unit;
    /// <summary>The click MLP 2d → Hidden → Hidden/2 → 1.</summary>
    public readonly Sequential mlp;
    readonly KeptWeights kept = new();

    /// <summary>Keep the pooling weights of each forward for plotting; default false.</summary>
    public bool need_weights { get; set; }
    /// <summary>Pooling weights (B, L) of the latest forward when <see cref="need_weights"/> is on (0 on padding).</summary>
    public Tensor? attention_weights => kept.Value;

    /// <summary>Creates the model.</summary>
    /// <param name="config">Settings.</param>
    public DeepInterestNetwork(DinConfig config) : base(nameof(DeepInterestNetwork))
    {
        this.config = config;
        item_emb = nn.Embedding(config.NumItems + 1, config.EmbedDim, padding_idx: 0);
        unit = new ActivationUnit(config.EmbedDim, config.AttentionHidden);
        mlp = nn.Sequential(nn.Linear(2 * config.EmbedDim, config.Hidden), nn.PReLU(config.Hidden),
            nn.Linear(config.Hidden, config.Hidden / 2), nn.PReLU(config.Hidden / 2), nn.Linear(config.Hidden / 2, 1));
        RegisterComponents();
    }

    /// <summary>Click logits.</summary>
    /// <param name="history">Item ids (B, L), 0 = padding.</param>
    /// <param name="candidate">Candidate ids (B).</param>
    /// <returns>Logits (B).</returns>
    public override Tensor forward(Tensor history, Tensor candidate)
    {
        using var scope = NewDisposeScope();
        var (e_h, e_t) = (item_emb.forward(history), item_emb.forward(candidate)); // (B, L, d), (B, d)
        var w = Weights(history, e_h, e_t);                                          // (B, L)
        if (need_weights) kept.Set(w);
        var v = (w.unsqueeze(-1) * e_h).sum(1);                                      // (B, d)
        return mlp.forward(cat([v, e_t], -1)).squeeze(-1).MoveToOuterDisposeScope(); // (B)
    }

    Tensor Weights(Tensor history, Tensor e_h, Tensor e_t)
    {
        var mask = history.ne(0);                                                    // (B, L), true = a real item
        if (config.Pooling == HistoryPooling.Mean)
            return mask.to(e_h.dtype) / mask.sum(1, keepdim: true).clamp_min(1).to(e_h.dtype);
        var scores = unit.forward(e_h, e_t);                                         // (B, L)
        return config.Pooling == HistoryPooling.SoftmaxAttention
            ? MaskedSoftmax.forward(scores, mask)
            : scores.masked_fill(mask.logical_not(), 0.0);
    }
}
