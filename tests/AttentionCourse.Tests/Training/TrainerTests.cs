using AttentionCourse.Native;
using AttentionCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Training;

public class TrainerTests
{
    /// <summary>y = X w + b + noise, in float64, split into batches of 16.</summary>
    static (Tensor X, Tensor Y) Data()
    {
        manual_seed(3);
        var x = randn(64, 3, dtype: float64);                                   // (N, 3)
        var w = tensor(new[] { 1.5, -2.0, 0.5 }, dtype: float64).reshape(3, 1);  // (3, 1)
        var y = x.matmul(w) + 0.25 + 0.1 * randn(64, 1, dtype: float64);         // (N, 1)
        return (x, y);
    }

    static IEnumerable<(Tensor Input, Tensor Target)> Batches(Tensor x, Tensor y, int size = 16)
    {
        for (int i = 0; i < 64; i += size) yield return (x[i..(i + size)], y[i..(i + size)]);   // (size, 3), (size, 1)
    }

    [Fact]
    public void Linear_regression_converges_to_the_least_squares_solution()
    {
        TorchSharpNative.EnsureLoadable();
        var (x, y) = Data();
        var model = nn.Linear(3, 1, dtype: float64);
        // One full batch: plain gradient descent, which reaches the least-squares optimum itself
        // (mini-batch SGD at a constant rate only gets within O(lr) of it).
        var optimizer = optim.SGD(model.parameters(), 0.2);
        var history = Trainer.Fit(model, optimizer, _ => Batches(x, y, size: 64), nn.MSELoss(), TrainingConfig.Quiet with { Epochs = 300 });

        // Closed form: [w; b] = argmin ||[X 1] θ - y||², from the normal equations.
        var design = cat([x, ones(64, 1, dtype: float64)], 1);                   // (N, 4)
        var theta = linalg.solve(design.T.matmul(design), design.T.matmul(y));  // (4, 1)
        var learned = cat([model.weight!.detach().reshape(3), model.bias!.detach().reshape(1)]);
        var maxDiff = (learned - theta.reshape(4)).abs().max().item<double>();
        Assert.True(maxDiff < 1e-6, $"max |θ_learned - θ_lstsq| = {maxDiff}");
        Assert.Equal(300, history.Epochs.Count);
        Assert.Equal(Enumerable.Range(1, 300), history.Epochs.Select(e => e.Epoch));
        Assert.True(history.FinalLoss < history.Losses[0]);
    }

    [Fact]
    public void Steps_free_their_tensors_so_the_live_count_stays_flat()
    {
        TorchSharpNative.EnsureLoadable();
        var (x, y) = Data();
        var model = nn.Linear(3, 1, dtype: float64);
        var optimizer = optim.Adam(model.parameters(), 0.01);
        var config = TrainingConfig.Quiet with { Epochs = 2 };
        Trainer.Fit(model, optimizer, _ => Batches(x, y), nn.MSELoss(), config);   // warm-up: optimizer state, grads
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Trainer.Fit(model, optimizer, _ => Batches(x, y), nn.MSELoss(), config with { Epochs = 20 });
        var after = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.Equal(before, after);
    }

    [Fact]
    public void ReportEvery_prints_a_permanent_line_per_reported_epoch_with_loss_and_throughput()
    {
        TorchSharpNative.EnsureLoadable();
        var (x, y) = Data();
        var model = nn.Linear(3, 1, dtype: float64);
        var output = new StringWriter();
        var history = Trainer.Fit(model, optim.SGD(model.parameters(), 0.01), _ => Batches(x, y), nn.MSELoss(),
            new TrainingConfig { Epochs = 10, ReportEvery = 4, Output = output }, validate: () => 0.5);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("epoch")).ToList();
        Assert.Equal(["epoch  1/10", "epoch  4/10", "epoch  8/10", "epoch 10/10"], lines.Select(l => l[..11]));
        Assert.All(lines, l => Assert.Matches(@"loss \d+\.\d{6}  validation 0\.5000  \d+ examples/s", l));
        Assert.All(history.Epochs, e => Assert.Equal(0.5, e.Validation));
    }
}
