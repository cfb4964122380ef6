using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>The outcome of <see cref="LearnedWidth.Fit"/>: the final width and its path.</summary>
/// <param name="Width">The learned Gaussian width h.</param>
/// <param name="Widths">h after each step (steps).</param>
/// <param name="Losses">Leave-one-out mean squared error before each step (steps).</param>
public sealed record LearnedWidthResult(double Width, double[] Widths, double[] Losses);

/// <summary>
/// A Gaussian kernel width learned by gradient descent on the leave-one-out error (d2l section 11.2.4 learns a
/// width on the training set; leaving each point out of its own prediction removes the trivial minimum h -> 0,
/// where every training point attends only to itself and the training error is 0). Used in chapter 01.
/// </summary>
public static class LearnedWidth
{
    /// <summary>
    /// Leave-one-out Gaussian attention weights alpha_ij = softmax_j(-((x_i - x_j)/h)^2 / 2) over j != i:
    /// the diagonal is masked before the softmax, so each training input attends to every OTHER training input.
    /// </summary>
    /// <param name="x">Training inputs (N), N &gt;= 2.</param>
    /// <param name="width">Width h, a scalar tensor (may require grad) or a 0-d tensor.</param>
    /// <returns>Weights (N, N), zero diagonal, rows summing to 1.</returns>
    public static Tensor LeaveOneOutWeights(Tensor x, Tensor width)
    {
        using var scope = NewDisposeScope();
        var u = (x.unsqueeze(1) - x.unsqueeze(0)) / width;                   // (N, N)
        var self = eye(x.shape[0], dtype: ScalarType.Bool, device: x.device); // (N, N), true on the diagonal
        var scores = (-u.square() / 2).masked_fill(self, double.NegativeInfinity);
        return scores.softmax(-1).MoveToOuterDisposeScope();
    }

    /// <summary>Leave-one-out mean squared error (1/N) sum_i (y_i - sum_{j != i} alpha_ij y_j)^2.</summary>
    /// <param name="x">Training inputs (N).</param>
    /// <param name="y">Training targets (N).</param>
    /// <param name="width">Width h, scalar tensor.</param>
    /// <returns>The scalar loss (differentiable in <paramref name="width"/>).</returns>
    public static Tensor LeaveOneOutLoss(Tensor x, Tensor y, Tensor width)
    {
        using var scope = NewDisposeScope();
        var predictions = LeaveOneOutWeights(x, width).matmul(y);             // (N, N) x (N) = (N)
        return (predictions - y).square().mean().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Learns h = exp(log_h) with Adam on <see cref="LeaveOneOutLoss"/> (the log keeps h positive).
    /// Defaults: start at h = 1, 200 full-batch steps, learning rate 0.05.
    /// </summary>
    /// <param name="x">Training inputs (N).</param>
    /// <param name="y">Training targets (N).</param>
    /// <param name="initial_width">Starting width; default 1.</param>
    /// <param name="steps">Number of Adam steps; default 200.</param>
    /// <param name="lr">Adam learning rate on log h; default 0.05.</param>
    public static LearnedWidthResult Fit(Tensor x, Tensor y, double initial_width = 1.0, int steps = 200, double lr = 0.05)
    {
        var model = new Width(initial_width, x);
        var before = new List<double>(steps);                                  // h before each step
        var history = Trainer.Fit(model, optim.Adam(model.parameters(), lr),
            batches: _ => Enumerable.Repeat(0, steps),                         // full batch: every step sees all of x
            loss: _ =>
            {
                var h = model.log_h.exp();
                before.Add(h.item<float>());
                return LeaveOneOutLoss(x, y, h);
            },
            config: TrainingConfig.Quiet with { Epochs = 1 });
        var widths = before.Skip(1).Append((double)model.log_h.exp().item<float>()).ToArray();   // h after each step
        return new LearnedWidthResult(widths[^1], widths, history.Steps.Select(s => s.Loss).ToArray());
    }

    /// <summary>The one parameter, log h (the log keeps h = exp(log h) positive).</summary>
    sealed class Width : nn.Module
    {
        public readonly TorchSharp.Modules.Parameter log_h;

        public Width(double initial_width, Tensor like) : base(nameof(LearnedWidth))
        {
            log_h = nn.Parameter(tensor(Math.Log(initial_width), dtype: like.dtype, device: like.device));
            RegisterComponents();
        }
    }
}
