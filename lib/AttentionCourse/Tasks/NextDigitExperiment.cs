using AttentionCourse.Attention;
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
        Seed.Everything(seed);
        var embed = nn.Embedding(10, 32);
        var pos = nn.Embedding(Length, 32);
        var attn = new MultiheadAttention(32, 2);
        var head = nn.Linear(32, 10);
        var parameters = new nn.Module[] { embed, pos, attn, head }.SelectMany(m => m.parameters());
        var optimizer = optim.Adam(parameters, lr: 1e-2);

        Tensor Logits(Tensor x, Tensor mask)                                          // x (B, t) -> (B, t, 10)
        {
            var h = embed.forward(x) + pos.forward(arange(x.shape[1]));               // (B, t, 32)
            return head.forward(h + attn.forward(h, h, h, null, mask).output);
        }

        double loss = 0;
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var x = randint(0, 10, [64, Length]);                                     // (B, 12) random digits
            optimizer.zero_grad();
            var prediction = Logits(x[.., ..(Length - 1)], causalMask[..(Length - 1), ..(Length - 1)]);
            var l = nn.functional.cross_entropy(prediction.flatten(0, 1), x[.., 1..].flatten());
            l.backward();
            optimizer.step();
            loss = l.item<float>();
        }

        using var noGrad = no_grad();
        using var evaluation = NewDisposeScope();
        var test = randint(0, 10, [256, Length]);
        var generation = Enumerable.Range(1, Length - 1).Average(t =>
            nn.functional.cross_entropy(Logits(test[.., ..t], causalMask[..t, ..t])[.., -1], test[.., t]).item<float>());
        return (loss, generation);
    }
}
