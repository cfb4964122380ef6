using AttentionCourse.Attention;
using AttentionCourse.Data;
using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tasks;

/// <summary>
/// Chapter 06's causal-mask experiment. A one-layer attention model (token and position embeddings,
/// one <see cref="MultiheadAttention"/> with a residual, a linear read-out) learns next-digit prediction
/// on uniformly random digits, where no model can beat ln 10 ≈ 2.303 nats. With a correct causal mask the
/// training loss stays at that floor; a mask that lets position t see t + 1 lets the model copy the
/// answer, so its training loss drops far below the floor while honest generation (predicting
/// x[t+1] from x[0..t] alone) gets worse than guessing.
/// </summary>
public static class NextDigitExperiment
{
    /// <summary>Sequence length of the experiment (12 digits).</summary>
    public const int Length = 12;

    /// <summary>Trains with <paramref name="causalMask"/> and measures the final training loss and the generation loss (nats).</summary>
    /// <param name="causalMask">Boolean (12, 12), true = query t may attend to key s; sliced to each prefix.</param>
    /// <param name="steps">Adam steps on batches of 64; default 150.</param>
    /// <param name="seed">Seed for the weights and the random digits; default 0.</param>
    public static (double train, double generation) Run(Tensor causalMask, int steps = 150, int seed = 0)
    {
        var (_, train, generation) = RunWithCurve(causalMask, steps, seed);
        return (train, generation);
    }

    /// <summary>
    /// <see cref="Run"/> that also returns the training loss of every step, for a training curve against the
    /// ln 10 floor (chapter 06). The same model, data and seed, so the final numbers equal <see cref="Run"/>'s.
    /// </summary>
    /// <param name="causalMask">Boolean (12, 12), true = query t may attend to key s; sliced to each prefix.</param>
    /// <param name="steps">Adam steps on batches of 64; default 150.</param>
    /// <param name="seed">Seed for the weights and the random digits; default 0.</param>
    /// <returns>The loss of each step (length <paramref name="steps"/>), the final training loss and the generation loss (nats).</returns>
    public static (double[] curve, double train, double generation) RunWithCurve(Tensor causalMask, int steps = 150, int seed = 0)
    {
        Seed.Everything(seed);
        var model = new NextDigitModel();
        var optimizer = optim.Adam(model.parameters(), lr: 1e-2);
        var history = Trainer.Fit(model, optimizer,
            batches: Batches.Sampled(() => randint(0, 10, [64, Length])),                   // (B, 12) random digits
            loss: x => nn.functional.cross_entropy(
                model.forward(x[.., ..(Length - 1)], causalMask[..(Length - 1), ..(Length - 1)]).flatten(0, 1), x[.., 1..].flatten()),
            config: TrainingConfig.Quiet with { Steps = steps });

        using var noGrad = no_grad();
        using var evaluation = NewDisposeScope();
        var test = randint(0, 10, [256, Length]);
        var generation = Enumerable.Range(1, Length - 1).Average(t =>
            nn.functional.cross_entropy(model.forward(test[.., ..t], causalMask[..t, ..t])[.., -1], test[.., t]).item<float>());
        return (history.Steps.Select(step => step.Loss).ToArray(), history.Steps[^1].Loss, generation);
    }

    /// <summary>Token and position embeddings, one attention layer with a residual, a linear read-out: x (B, t) -> (B, t, 10).</summary>
    sealed class NextDigitModel : nn.Module<Tensor, Tensor, Tensor>
    {
        readonly nn.Module<Tensor, Tensor> embed = nn.Embedding(10, 32), pos = nn.Embedding(Length, 32);
        readonly MultiheadAttention attn = new(32, 2);
        readonly nn.Module<Tensor, Tensor> head = nn.Linear(32, 10);

        public NextDigitModel() : base(nameof(NextDigitModel)) => RegisterComponents();

        public override Tensor forward(Tensor x, Tensor mask)
        {
            var h = embed.forward(x) + pos.forward(arange(x.shape[1]));               // (B, t, 32)
            return head.forward(h + attn.forward(h, h, h, null, mask).output);        // (B, t, 10)
        }
    }
}
