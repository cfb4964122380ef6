using AttentionCourse.Vision;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Vision;

public class ChannelAttentionTests
{
    public ChannelAttentionTests() => T.Init();

    static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

    /// <summary>y = W2 relu(W1 z + b1) + b2 written with loops.</summary>
    static double[] Mlp(double[] z, Tensor w1, Tensor b1, Tensor w2, Tensor b2)
    {
        int hidden = (int)w1.shape[0], c = z.Length;
        var h = new double[hidden];
        for (int j = 0; j < hidden; j++)
        {
            double v = b1[j].item<float>();
            for (int i = 0; i < c; i++) v += w1[j, i].item<float>() * z[i];
            h[j] = Math.Max(0, v);
        }
        var y = new double[c];
        for (int i = 0; i < c; i++)
        {
            double v = b2[i].item<float>();
            for (int j = 0; j < hidden; j++) v += w2[i, j].item<float>() * h[j];
            y[i] = v;
        }
        return y;
    }

    [Fact]
    public void Squeeze_excitation_matches_a_hand_computation()
    {
        var se = new SqueezeExcitation(4, 2);
        Assert.Equal([2L, 4], se.fc1.weight!.shape);
        var x = randn(2, 4, 3, 5);
        var y = se.forward(x);
        for (int b = 0; b < 2; b++)
        {
            var z = Enumerable.Range(0, 4).Select(c => x[b, c].to(float64).mean().item<double>()).ToArray();
            var s = Mlp(z, se.fc1.weight!, se.fc1.bias!, se.fc2.weight!, se.fc2.bias!).Select(Sigmoid).ToArray();
            for (int c = 0; c < 4; c++)
            {
                Assert.Equal(s[c], se.channel_weights![b, c].item<float>(), 5);
                T.Close(x[b, c] * s[c], y[b, c], 1e-5);
            }
        }
    }

    [Fact]
    public void Cbam_matches_a_hand_computation_of_channel_then_spatial_attention()
    {
        var cbam = new Cbam(4, 2, kernel_size: 3);
        Assert.Equal([1L, 2, 3, 3], cbam.spatial.weight!.shape);
        Assert.Null(cbam.spatial.bias);
        int H = 4, W = 5;
        var x = randn(2, 4, H, W);
        var y = cbam.forward(x);
        var k = cbam.spatial.weight!;
        for (int b = 0; b < 2; b++)
        {
            var avg = Enumerable.Range(0, 4).Select(c => x[b, c].to(float64).mean().item<double>()).ToArray();
            var max = Enumerable.Range(0, 4).Select(c => x[b, c].to(float64).max().item<double>()).ToArray();
            var ma = Mlp(avg, cbam.fc1.weight!, cbam.fc1.bias!, cbam.fc2.weight!, cbam.fc2.bias!);
            var mm = Mlp(max, cbam.fc1.weight!, cbam.fc1.bias!, cbam.fc2.weight!, cbam.fc2.bias!);
            var mc = ma.Zip(mm, (p, q) => Sigmoid(p + q)).ToArray();
            var f1 = new double[4, H, W];
            for (int c = 0; c < 4; c++) for (int i = 0; i < H; i++) for (int j = 0; j < W; j++) f1[c, i, j] = mc[c] * x[b, c, i, j].item<float>();
            var pooled = new double[2, H, W];
            for (int i = 0; i < H; i++)
                for (int j = 0; j < W; j++)
                {
                    var column = Enumerable.Range(0, 4).Select(c => f1[c, i, j]).ToArray();
                    (pooled[0, i, j], pooled[1, i, j]) = (column.Average(), column.Max());
                }
            for (int i = 0; i < H; i++)
                for (int j = 0; j < W; j++)
                {
                    double v = 0;   // 3 × 3 convolution with zero padding 1 (cross-correlation, as conv2d computes)
                    for (int m = 0; m < 2; m++) for (int di = -1; di <= 1; di++) for (int dj = -1; dj <= 1; dj++)
                        if (i + di is >= 0 and < 4 && j + dj >= 0 && j + dj < W) v += k[0, m, di + 1, dj + 1].item<float>() * pooled[m, i + di, j + dj];
                    var ms = Sigmoid(v);
                    Assert.Equal(ms, cbam.spatial_weights![b, i, j].item<float>(), 5);
                    for (int c = 0; c < 4; c++) Assert.Equal(f1[c, i, j] * ms, y[b, c, i, j].item<float>(), 5);
                }
            for (int c = 0; c < 4; c++) Assert.Equal(mc[c], cbam.channel_weights![b, c].item<float>(), 5);
        }
    }

    [Fact]
    public void Without_need_weights_nothing_is_kept_and_the_output_is_the_same()
    {
        var cbam = new Cbam(8, 4);
        var x = randn(3, 8, 6, 6);
        var y1 = cbam.forward(x);
        cbam.need_weights = false;
        var y2 = cbam.forward(x);
        Assert.Null(cbam.spatial_weights);
        T.Close(y1, y2, 0);
    }

    [Fact]
    public void Small_cnn_with_each_attention_gives_logits_of_the_right_shape()
    {
        foreach (var a in new[] { ConvAttention.None, ConvAttention.SqueezeExcitation, ConvAttention.Cbam })
        {
            var m = new SmallCnn(new SmallCnnConfig(a));
            Assert.Equal([5L, 10], m.forward(randn(5, 1, 28, 28)).shape);
            Assert.Equal(a == ConvAttention.None ? 0 : 2, m.attention.Count);
        }
    }
}

public class ChannelAttentionTrainingTests
{
    public ChannelAttentionTrainingTests() => T.Init();

    [Theory]
    [InlineData(ConvAttention.SqueezeExcitation)]
    public void Gradients_through_the_attention_are_finite_and_a_few_steps_lower_the_loss(ConvAttention attention)
    {
        var model = new SmallCnn(new SmallCnnConfig(attention));
        var x = rand(32, 1, 28, 28);
        var y = randint(10, [32], dtype: ScalarType.Int64);
        var opt = optim.Adam(model.parameters(), 3e-3);
        double first = 0, last = 0;
        for (int step = 0; step < 20; step++)
        {
            opt.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(x), y);
            loss.backward();
            Assert.All(model.parameters(), p => Assert.True(p.grad is null || p.grad.isfinite().all().item<bool>(), "a gradient is not finite"));
            opt.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(double.IsFinite(last) && last < first, $"loss {first} → {last}");
    }

    [Fact]
    public void Gradients_through_cbam_are_finite_and_a_few_steps_lower_the_loss() =>
        Gradients_through_the_attention_are_finite_and_a_few_steps_lower_the_loss(ConvAttention.Cbam);

    /// <summary>A float64 copy of <paramref name="cbam"/> with the same weights.</summary>
    static Cbam Float64Copy(Cbam cbam, long channels, long reduction, long kernel_size)
    {
        var copy = new Cbam(channels, reduction, kernel_size);
        using (no_grad()) foreach (var (p, q) in cbam.parameters().Zip(copy.parameters())) q.copy_(p);
        copy.to(float64);
        return copy;
    }

    // The regression test of the CBAM defect: libtorch's float32 CPU conv2d gives a wrong input gradient for the
    // 2 → 1 spatial convolution (off by about 10, sometimes NaN), so every gradient before it was wrong too.
    [Fact]
    public void Cbam_gradients_at_the_small_cnn_shape_match_a_float64_copy()
    {
        var cbam = new Cbam(16, 4);
        var cbam64 = Float64Copy(cbam, 16, 4, 7);
        var x = rand(32, 16, 28, 28).requires_grad_(true);
        var g = randn(32, 16, 28, 28);                                      // a random upstream gradient
        (cbam.forward(x) * g).sum().backward();
        var x64 = x.detach().to(float64).requires_grad_(true);
        (cbam64.forward(x64) * g.to(float64)).sum().backward();
        var scale = x64.grad!.abs().max().item<double>();
        T.Close(x64.grad!, x.grad!, 1e-4 * scale);
        foreach (var ((name, p), q) in cbam.named_parameters().Zip(cbam64.parameters()))
        {
            var d = T.MaxAbsDiff(q.grad!, p.grad!) / q.grad!.abs().max().item<double>();
            Assert.True(d < 1e-4, $"{name}: relative gradient error {d}");
        }
    }

    [Fact]
    public void Cbam_float64_gradient_agrees_with_central_differences()
    {
        var cbam = Float64Copy(new Cbam(4, 2, kernel_size: 3), 4, 2, 3);
        var x = randn(2, 4, 5, 5, dtype: float64).requires_grad_(true);
        var g = randn(2, 4, 5, 5, dtype: float64);
        (cbam.forward(x) * g).sum().backward();
        double F(Tensor v) { using var _ = no_grad(); return (cbam.forward(v) * g).sum().item<double>(); }
        var rng = new Random(3);
        const double h = 1e-6;
        for (int t = 0; t < 20; t++)
        {
            long b = rng.Next(2), c = rng.Next(4), i = rng.Next(5), j = rng.Next(5);
            var plus = x.detach().clone();
            var minus = x.detach().clone();
            plus[b, c, i, j] += h;
            minus[b, c, i, j] -= h;
            var numeric = (F(plus) - F(minus)) / (2 * h);
            Assert.Equal(numeric, x.grad![b, c, i, j].item<double>(), 5);
        }
    }
}

public class InputGatedCnnTests
{
    public InputGatedCnnTests() => T.Init();

    [Fact]
    public void Input_gated_cnn_feeds_the_body_each_input_channel_times_its_hand_computed_se_weight()
    {
        var model = new InputGatedCnn(new SmallCnnConfig(InChannels: 4));
        model.eval();
        Assert.Equal([4L, 4], model.gate.fc1.weight!.shape);                     // reduction 1: hidden width C
        var x = randn(3, 4, 28, 28);
        var y = model.forward(x);
        var (w1, b1) = (model.gate.fc1.weight!.to(float64), model.gate.fc1.bias!.to(float64));
        var (w2, b2) = (model.gate.fc2.weight!.to(float64), model.gate.fc2.bias!.to(float64));
        var s = new double[3, 4];
        for (int b = 0; b < 3; b++)
        {
            var z = Enumerable.Range(0, 4).Select(c => x[b, c].to(float64).mean().item<double>()).ToArray();
            var h = Enumerable.Range(0, 4).Select(j =>
                Math.Max(0, b1[j].item<double>() + Enumerable.Range(0, 4).Sum(i => w1[j, i].item<double>() * z[i]))).ToArray();
            for (int c = 0; c < 4; c++)
            {
                var logit = b2[c].item<double>() + Enumerable.Range(0, 4).Sum(j => w2[c, j].item<double>() * h[j]);
                s[b, c] = 1 / (1 + Math.Exp(-logit));
                Assert.Equal(s[b, c], model.gate.channel_weights![b, c].item<float>(), 5);
            }
        }
        var gatedByHand = x * tensor(s).to(float32).reshape(3, 4, 1, 1);
        T.Close(model.body.forward(gatedByHand), y, 1e-5);
    }
}
