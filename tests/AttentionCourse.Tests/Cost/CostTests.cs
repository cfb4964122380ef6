using AttentionCourse.Attention;
using AttentionCourse.Cost;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Cost;

public class CostTests
{
    [Fact]
    public void Power_law_fit_recovers_the_exponent_and_coefficient_of_exact_data()
    {
        double[] n = [64, 128, 256, 512, 1024];
        var fit = PowerLaw.Fit(n, n.Select(x => 3e-9 * x * x).ToArray());
        Assert.Equal(2.0, fit.Exponent, 12);
        Assert.Equal(1.0, fit.Coefficient / 3e-9, 12);
        Assert.Equal(3e-9 * 2048 * 2048, fit.At(2048), 12);
    }

    [Fact]
    public void Power_law_fit_is_the_least_squares_line_through_the_logs()
    {
        // Three points whose logs (base e^1) are (0, 0), (1, 1), (2, 3): slope = sum(du dv) / sum(du^2) = 3 / 2.
        double[] x = [1, Math.E, Math.E * Math.E];
        double[] y = [1, Math.E, Math.Exp(3)];
        var fit = PowerLaw.Fit(x, y);
        Assert.Equal(1.5, fit.Exponent, 12);
        Assert.Equal(Math.Exp(4.0 / 3 - 1.5), fit.Coefficient, 12);           // intercept = mean v - p mean u
    }

    [Fact]
    public void Power_law_fit_rejects_non_positive_values_and_a_single_x()
    {
        Assert.Throws<ArgumentException>(() => PowerLaw.Fit([1, 2], [1, 0]));
        Assert.Throws<ArgumentException>(() => PowerLaw.Fit([3, 3], [1, 2]));
        Assert.Throws<ArgumentException>(() => PowerLaw.Fit([1, 2, 3], [1, 2]));
    }

    [Fact]
    public void Median_takes_the_middle_value_or_the_mean_of_the_two_middle_values()
    {
        Assert.Equal(3.0, Timing.Median([9, 1, 3]));
        Assert.Equal(2.5, Timing.Median([4, 1, 2, 3]));
    }

    [Fact]
    public void Median_seconds_runs_warmup_and_repeats()
    {
        int calls = 0;
        var seconds = Timing.MedianSeconds(() => calls++, repeats: 3, warmup: 2);
        Assert.Equal(5, calls);
        Assert.True(seconds >= 0);
    }

    [Fact]
    public void Paired_median_seconds_alternates_the_two_actions_after_their_warmup()
    {
        var order = new List<char>();
        var (a, b) = Timing.MedianSeconds(() => order.Add('a'), () => order.Add('b'), repeats: 3, warmup: 1);
        Assert.Equal("abababab", new string(order.ToArray()));
        Assert.True(a >= 0 && b >= 0);
    }

    [Fact]
    public void Paired_median_seconds_gives_each_action_its_own_time()
    {
        var (slow, fast) = Timing.MedianSeconds(() => Thread.Sleep(30), () => { }, repeats: 3, warmup: 0);
        Assert.True(slow >= 0.025, $"slow {slow}");
        Assert.True(fast < slow, $"fast {fast} vs slow {slow}");
    }

    [Fact]
    public void Matmul_counter_counts_m_k_n_per_batched_product()
    {
        T.Init();
        var counter = new MatmulCounter();
        counter.matmul(randn(2, 3, 4), randn(4, 5));                          // 2 x (3x4 @ 4x5): 2*3*4*5 = 120
        Assert.Equal(120, counter.MultiplyAdds);
        counter.linear(randn(7, 6), randn(8, 6), randn(8));                    // 7 rows x 6 in x 8 out = 336
        Assert.Equal(456, counter.MultiplyAdds);
        Assert.Equal(912, counter.Flops);
    }

    [Fact]
    public void Counted_multi_head_forward_equals_the_flop_formula_and_the_module()
    {
        T.Init();
        const long B = 2, Tq = 5, S = 7, E = 12, h = 3;
        using var mha = new MultiheadAttention(E, h);
        using (no_grad()) { mha.in_proj_bias!.normal_(); mha.out_proj.bias!.normal_(); }   // a dropped bias would show
        var (q, k, v) = (randn(B, Tq, E), randn(B, S, E), randn(B, S, E));
        var c = new MatmulCounter();
        var output = CountedMultiheadAttention.forward(mha, q, k, v, c);
        T.Close(mha.forward(q, k, v).output, output, 1e-5);
        Assert.Equal(MultiheadAttention.Flops(B, Tq, S, E), c.Flops);
    }

    [Fact]
    public void Unrolled_gru_equals_torchsharp_gru_with_the_same_weights()
    {
        T.Init(4);
        const long B = 2, n = 6, d = 5;
        using var cell = nn.GRUCell(d, d);
        using var gru = nn.GRU(d, d, batchFirst: true);
        var p = gru.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        using (no_grad())
        {
            p["weight_ih_l0"].copy_(cell.weight_ih!);
            p["weight_hh_l0"].copy_(cell.weight_hh!);
            p["bias_ih_l0"].copy_(cell.bias_ih!);
            p["bias_hh_l0"].copy_(cell.bias_hh!);
        }
        var x = randn(B, n, d);
        var (expected, _) = gru.forward(x);
        T.Close(expected, Recurrence.UnrollGru(cell, x), 1e-5);
    }
}
