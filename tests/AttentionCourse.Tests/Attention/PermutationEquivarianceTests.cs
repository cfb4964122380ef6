using AttentionCourse.Attention;
using AttentionCourse.Transformer;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Attention;

/// <summary>Chapter 04: self-attention commutes with permutations of its rows, until positions are added.</summary>
public class PermutationEquivarianceTests
{
    [Fact]
    public void Multi_head_self_attention_output_rows_permute_with_the_input_rows()
    {
        T.Init(5);
        using var mha = new MultiheadAttention(16, 4);
        var x = randn(3, 9, 16);
        var perm = randperm(9);
        var (permutedThenAttended, _) = mha.forward(x.index_select(1, perm), x.index_select(1, perm), x.index_select(1, perm));
        var (attended, _) = mha.forward(x, x, x);
        T.Close(attended.index_select(1, perm), permutedThenAttended, 1e-5);
    }

    [Fact]
    public void Attention_weights_permute_on_both_axes()
    {
        T.Init(6);
        using var mha = new MultiheadAttention(8, 2);
        var x = randn(1, 7, 8);
        var perm = randperm(7);
        var xp = x.index_select(1, perm);
        var (_, w) = mha.forward(x, x, x);
        var (_, wp) = mha.forward(xp, xp, xp);
        T.Close(w!.index_select(2, perm).index_select(3, perm), wp!, 1e-6);   // (B, h, T, T): rows and columns
    }

    [Fact]
    public void Sinusoidal_positions_break_permutation_equivariance()
    {
        T.Init(7);
        using var mha = new MultiheadAttention(16, 4);
        using var pe = new SinusoidalPositionalEncoding(16);
        var x = randn(1, 9, 16);
        var perm = tensor(new long[] { 8, 7, 6, 5, 4, 3, 2, 1, 0 });            // a reversal moves every row but the middle
        var xp = pe.forward(x.index_select(1, perm));
        var xo = pe.forward(x);
        var a = mha.forward(xp, xp, xp).output;
        var b = mha.forward(xo, xo, xo).output.index_select(1, perm);
        Assert.True(T.MaxAbsDiff(a, b) > 1e-2, "adding positions should make the order matter");
    }
}
