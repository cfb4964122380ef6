using AttentionCourse.Attention;
using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Interpretability;

/// <summary>What <see cref="AdversarialAttention.Search"/> found.</summary>
/// <param name="Weights">(B, T) the adversarial pooling weights (the learned ones where no better one kept the output).</param>
/// <param name="Divergence">(B) JSD(α, α̃) in nats, at most ln 2.</param>
/// <param name="OutputChange">(B) total variation distance ½ Σ_c |ŷ_c − ỹ_c| between the two output distributions.</param>
/// <param name="SamePrediction">(B) true where the predicted class did not change.</param>
public sealed record AdversarialResult(Tensor Weights, Tensor Divergence, Tensor OutputChange, Tensor SamePrediction);

/// <summary>
/// Adversarial attention (Jain &amp; Wallace 2019, section 4, "Attention is not Explanation"): for each sequence, look
/// for pooling weights α̃ as far as possible from the learned α (Jensen-Shannon divergence) while the output stays
/// within ε in total variation, max JSD(α, α̃) s.t. TVD(ŷ(α̃), ŷ(α)) ≤ ε. The encoder's outputs h are held fixed, as
/// the paper holds the RNN states fixed. Solved here with a penalty, α̃ = softmax(z) over the real tokens and Adam on
/// z for −JSD + λ·max(0, TVD − ε), keeping per sequence the farthest α̃ that met the bound. Used in chapter 20.
/// </summary>
public static class AdversarialAttention
{
    /// <summary>Searches adversarial pooling weights for every sequence of <paramref name="data"/> at once.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="data">The sequences.</param>
    /// <param name="epsilon">Bound on the output change (TVD); default 0.01 as in the paper.</param>
    /// <param name="steps">Adam steps; default 300.</param>
    /// <param name="lr">Adam learning rate on the scores z; default 0.1.</param>
    /// <param name="penalty">λ on the bound's violation; default 100.</param>
    /// <param name="seed">Seeds the small noise that breaks the start at α̃ = α; default 0.</param>
    public static AdversarialResult Search(ExplainedClassifier model, MarkedBatch data, double epsilon = 0.01, int steps = 300,
        double lr = 0.1, double penalty = 100, int seed = 0)
    {
        model.eval();
        using var scope = NewDisposeScope();
        Tensor h, alpha, y;
        using (no_grad())
        {
            var pass = model.Run(model.Embed(data.Ids), data.Mask);
            (h, alpha, y) = (pass.Hidden, pass.Pooling, pass.Logits.softmax(-1));            // (B, T, E), (B, T), (B, C)
        }
        var generator = new Generator((ulong)seed);
        var z = nn.Parameter(alpha.clamp_min(1e-6).log() + 0.01 * randn(alpha.shape, generator: generator));   // (B, T) scores
        var optimizer = optim.Adam([z], lr);
        var best = alpha.clone();                                                               // feasible start: JSD 0
        var bestJsd = zeros(alpha.shape[0]);                                                    // (B)
        for (int step = 0; step <= steps; step++)
        {
            CellInterrupt.ThrowIfRequested("adversarial attention");
            using var stepScope = NewDisposeScope();
            var (candidate, jsd, tvd) = Evaluate(model, h, data.Mask, z, alpha, y);
            using (no_grad())
            {
                var better = tvd.le(epsilon).logical_and(jsd.gt(bestJsd));                     // (B)
                best.copy_(where(better.unsqueeze(1), candidate, best));
                bestJsd.copy_(where(better, jsd, bestJsd));
            }
            if (step == steps) break;
            var loss = (-jsd + penalty * (tvd - epsilon).clamp_min(0)).sum();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        using (no_grad())
        {
            var yAdv = model.head.forward(best.unsqueeze(1).bmm(h).squeeze(1)).softmax(-1);     // (B, C)
            var change = 0.5 * (yAdv - y).abs().sum(-1);                                        // (B)
            var same = yAdv.argmax(-1).eq(y.argmax(-1));                                        // (B)
            return new AdversarialResult(best.MoveToOuterDisposeScope(), JensenShannon.Divergence(alpha, best).MoveToOuterDisposeScope(),
                change.MoveToOuterDisposeScope(), same.MoveToOuterDisposeScope());
        }
    }

    static (Tensor Weights, Tensor Jsd, Tensor Tvd) Evaluate(ExplainedClassifier model, Tensor h, Tensor mask, Tensor z, Tensor alpha, Tensor y)
    {
        var candidate = MaskedSoftmax.forward(z, mask);                                         // (B, T), 0 on padding
        var yAdv = model.head.forward(candidate.unsqueeze(1).bmm(h).squeeze(1)).softmax(-1);    // (B, C)
        return (candidate, JensenShannon.Divergence(alpha, candidate), 0.5 * (yAdv - y).abs().sum(-1));
    }
}
