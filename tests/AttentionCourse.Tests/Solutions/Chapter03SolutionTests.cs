using AttentionCourse.Attention;
using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter03SolutionTests
{
    // The same references the notebook's checks use: heads as consecutive chunks of the features.
    static Tensor ChunkHeads(Tensor x, long h) => stack(x.chunk(h, -1), dim: 1);       // (B, h, T, d_k)
    static Tensor CatHeads(Tensor x) => cat(x.unbind(1), dim: -1);                      // (B, T, E)

    [Fact]
    public void Split_heads_solution_passes_the_strict_check()
    {
        T.Init();
        Check.Strict.Function("3.1", a => Chapter03.SplitHeads(a[0], 4), a => ChunkHeads(a[0], 4), [[2, 5, 16]]);
    }

    [Fact]
    public void Merge_heads_solution_passes_the_strict_check_and_inverts_split()
    {
        T.Init();
        Check.Strict.Function("3.2", a => Chapter03.MergeHeads(a[0]), a => CatHeads(a[0]), [[2, 4, 5, 3]]);
        var x = randn(2, 5, 12);
        T.Close(x, Chapter03.MergeHeads(Chapter03.SplitHeads(x, 3)), 0);
    }

    [Fact]
    public void Parameter_count_solution_equals_the_counted_parameters_for_any_head_count()
    {
        T.Init();
        foreach (var h in new long[] { 1, 4, 8 })
        {
            using var mha = new MultiheadAttention(64, h, bias: false);
            Check.Strict.Close("3.3", () => Chapter03.ParametersWithoutBias(64, h), mha.parameters().Sum(p => p.numel()), 0);
        }
    }

    [Fact]
    public void Causal_self_attention_solution_matches_torchsharp_with_an_additive_mask()
    {
        T.Init();
        using var mha = new MultiheadAttention(8, 2);
        using var theirs = nn.MultiheadAttention(8, 2);
        var p = theirs.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        using (no_grad())
        {
            p["in_proj_weight"].copy_(mha.in_proj_weight!);
            p["out_proj.weight"].copy_(mha.out_proj.weight!);
        }
        var x = randn(2, 5, 8);
        var additive = zeros(5, 5).masked_fill(Masks.Causal(5).logical_not(), double.NegativeInfinity);
        var expected = theirs.forward(x.transpose(0, 1), x.transpose(0, 1), x.transpose(0, 1), null, false, additive).Item1.transpose(0, 1);
        Check.Strict.Close("3.4", () => Chapter03.CausalSelfAttention(mha, x), expected, 1e-5);
    }
}
