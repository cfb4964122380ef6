using AttentionCourse.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Transformer;

public class PositionalEncodingTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 4)]
    [InlineData(17, 7)]
    [InlineData(99, 15)]
    public void Sinusoidal_table_equals_the_closed_form(int pos, int column)
    {
        T.Init();
        const int d = 16;
        var table = SinusoidalPositionalEncoding.Table(100, d);
        var i = column / 2;
        var angle = pos / Math.Pow(10000, 2.0 * i / d);
        var expected = column % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle);
        Assert.Equal(expected, table[pos, column].item<float>(), 5);
    }

    [Fact]
    public void Sinusoidal_encoding_at_pos_plus_k_is_a_fixed_rotation_of_pos()
    {
        T.Init();
        const int d = 8, k = 5;
        var table = SinusoidalPositionalEncoding.Table(60, d).to(float64);
        // Block-diagonal rotation by k * w_i in each (sin, cos) plane: depends on k only, not on pos.
        var M = zeros(d, d, dtype: float64);
        for (var i = 0; i < d / 2; i++)
        {
            var a = k / Math.Pow(10000, 2.0 * i / d);
            // [sin(x + a), cos(x + a)] = [sin x, cos x] [[cos a, -sin a], [sin a, cos a]]
            M[2 * i, 2 * i] = Math.Cos(a); M[2 * i, 2 * i + 1] = -Math.Sin(a);
            M[2 * i + 1, 2 * i] = Math.Sin(a); M[2 * i + 1, 2 * i + 1] = Math.Cos(a);
        }
        foreach (var pos in new[] { 0, 7, 40 })
            T.Close(table[pos + k], table[pos].matmul(M), 1e-4);
    }

    [Fact]
    public void Sinusoidal_module_adds_the_table()
    {
        T.Init();
        using var pe = new SinusoidalPositionalEncoding(8, max_len: 50);
        var x = randn(2, 10, 8);
        T.Close(x + SinusoidalPositionalEncoding.Table(10, 8), pe.forward(x), 1e-6);
        Assert.Empty(pe.parameters());
    }

    [Fact]
    public void Learned_encoding_adds_a_trainable_row_per_position()
    {
        T.Init();
        using var pe = new LearnedPositionalEncoding(8, max_len: 20);
        var x = zeros(2, 5, 8);
        var y = pe.forward(x);
        T.Close(pe.position.weight![..5].expand(2, 5, 8), y, 0);
        y.sum().backward();
        Assert.Equal(2f, pe.position.weight!.grad![4, 0].item<float>());       // two batch rows used position 4
        Assert.Equal(0f, pe.position.weight!.grad![5..].abs().sum().item<float>());
    }

    [Fact]
    public void Rope_in_two_dimensions_is_a_plane_rotation_by_position()
    {
        T.Init();
        // d = 2: theta_0 = 1, so position m rotates (x, y) by m radians.
        var x = tensor(new float[] { 1, 0, 1, 0, 0.6f, 0.8f }).reshape(3, 2);   // positions 0, 1, 2
        var r = RotaryEmbedding.Apply(x);
        var expected = new float[] { 1, 0, MathF.Cos(1), MathF.Sin(1),
            0.6f * MathF.Cos(2) - 0.8f * MathF.Sin(2), 0.6f * MathF.Sin(2) + 0.8f * MathF.Cos(2) };
        T.Close(tensor(expected).reshape(3, 2), r, 1e-6);
    }

    [Fact]
    public void Rope_dot_product_depends_only_on_the_position_offset()
    {
        T.Init();
        const int d = 16, len = 40;
        var q = randn(d).expand(len, d);                                       // the same query at every position
        var k = randn(d).expand(len, d);
        var rq = RotaryEmbedding.Apply(q).to(float64);
        var rk = RotaryEmbedding.Apply(k).to(float64);
        double Dot(int m, int n) => rq[m].dot(rk[n]).item<double>();
        Assert.Equal(Dot(5, 2), Dot(33, 30), 4);
        Assert.Equal(Dot(0, 9), Dot(20, 29), 4);
        Assert.NotEqual(Dot(5, 2), Dot(5, 3), 2);
        // Position 0 is untouched, and offset 0 recovers the plain dot product.
        Assert.Equal(q[0].dot(k[0]).item<float>(), Dot(17, 17), 4);
    }

    [Fact]
    public void Rope_preserves_vector_length_and_respects_start()
    {
        T.Init();
        var x = randn(2, 3, 10, 8);
        var r = RotaryEmbedding.Apply(x);
        T.Close(x.norm(-1), r.norm(-1), 1e-5);
        T.Close(r[.., .., 4..], RotaryEmbedding.Apply(x[.., .., 4..], start: 4), 1e-6);
    }
}
