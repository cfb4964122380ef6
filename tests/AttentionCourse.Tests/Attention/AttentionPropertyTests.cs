using AttentionCourse.Attention;
using AttentionCourse.Transformer;
using CsCheck;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Attention;

/// <summary>
/// Invariants of attention checked on random shapes, masks and inputs (CsCheck, modest iteration counts).
/// One thread: TorchSharp's global seed and the shared modules are not thread-safe.
/// </summary>
public class AttentionPropertyTests
{
    /// <summary>A random case: batch, queries, keys, a seed for the tensors, and a mask bit per (b, t, s).</summary>
    static readonly Gen<(int B, int T, int S, int seed, bool[] bits)> Cases =
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 6], Gen.Int[1, 6], Gen.Int[0, 10_000])
           .SelectMany(c => Gen.Bool.Array[c.Item1 * c.Item2 * c.Item3]
               .Select(bits => (c.Item1, c.Item2, c.Item3, c.Item4, bits)));

    static Tensor MaskOf(int B, int T, int S, bool[] bits) => tensor(bits).reshape(B, T, S);

    [Fact]
    public void Weight_rows_sum_to_one_or_to_zero_when_fully_masked()
    {
        T.Init();
        Cases.Sample(c =>
        {
            manual_seed(c.seed);
            var mask = MaskOf(c.B, c.T, c.S, c.bits);
            var w = MaskedSoftmax.forward(randn(c.B, c.T, c.S) * 10, mask);
            var expected = mask.any(-1).to(float32);                            // 1 if any key is allowed, else 0
            return T.MaxAbsDiff(expected, w.sum(-1)) <= 1e-5 && !w.isnan().any().item<bool>();
        }, iter: 100, threads: 1);
    }

    [Fact]
    public void Masked_positions_get_exactly_zero_weight_even_when_all_are_masked()
    {
        T.Init();
        Cases.Sample(c =>
        {
            manual_seed(c.seed);
            var mask = MaskOf(c.B, c.T, c.S, c.bits);
            var w = MaskedSoftmax.forward(randn(c.B, c.T, c.S) * 10, mask);
            var allMasked = MaskedSoftmax.forward(randn(c.B, c.T, c.S), zeros_like(mask));
            return w.masked_select(mask.logical_not()).eq(0).all().item<bool>()
                && allMasked.eq(0).all().item<bool>();
        }, iter: 100, threads: 1);
    }

    [Fact]
    public void Explicit_and_fused_attention_agree_on_random_masks()
    {
        T.Init();
        Cases.Sample(c =>
        {
            manual_seed(c.seed);
            var (q, k, v) = (randn(c.B, c.T, 8), randn(c.B, c.S, 8), randn(c.B, c.S, 4));
            var mask = MaskOf(c.B, c.T, c.S, c.bits);
            var (a, _) = ScaledDotProductAttention.forward(q, k, v, mask);
            var (b, _) = ScaledDotProductAttention.forward(q, k, v, mask, fused: true);
            return T.MaxAbsDiff(a, b) <= 1e-5;
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void No_peeking_under_a_causal_mask()
    {
        T.Init();
        using var mha = new MultiheadAttention(8, 2);
        Gen.Select(Gen.Int[2, 7], Gen.Int[0, 10_000]).Sample((len, seed) =>
        {
            manual_seed(seed);
            var t = seed % (len - 1);                                          // a position before the last
            var x = randn(1, len, 8);
            var changed = x.clone();
            changed[.., (t + 1)..] = randn(1, len - t - 1, 8);                 // change only the future of t
            var (a, _) = mha.forward(x, x, x, null, is_causal: true);
            var (b, _) = mha.forward(changed, changed, changed, null, is_causal: true);
            return T.MaxAbsDiff(a[.., ..(t + 1)], b[.., ..(t + 1)]) <= 1e-6;
        }, iter: 50, threads: 1);
    }

    [Fact]
    public void Self_attention_is_permutation_equivariant_without_positions()
    {
        T.Init();
        using var block = new TransformerEncoderBlock(8, 2, 16, dropout: 0.0);
        Gen.Select(Gen.Int[1, 8], Gen.Int[0, 10_000]).Sample((len, seed) =>
        {
            manual_seed(seed);
            var x = randn(2, len, 8);
            var perm = randperm(len);
            var a = block.forward(x.index_select(1, perm));
            var b = block.forward(x).index_select(1, perm);
            return T.MaxAbsDiff(a, b) <= 1e-5;
        }, iter: 50, threads: 1);
    }
}
