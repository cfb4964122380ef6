using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Attention;

/// <summary>
/// An attention function under test: (query (B, T, d), key (B, S, d), value (B, S, d_v), mask broadcastable to
/// (B, T, S) with true = attend, or null) to (output (B, T, d_v), weights (B, T, S)).
/// </summary>
public delegate (Tensor output, Tensor weights) AttentionFunction(Tensor query, Tensor key, Tensor value, Tensor? mask);

/// <summary>
/// Reusable property checks that catch the classic attention bugs of chapter 06. Each runs the function on seeded
/// random inputs and throws <see cref="AttentionCheckException"/> with a message that names the property and
/// the measured violation; it returns normally when the property holds. The course's
/// <see cref="ScaledDotProductAttention"/> passes all of them (tested); each buggy variant in chapter 06 and in
/// <c>tests/AttentionCourse.Tests/Bugs</c> fails at least one.
/// </summary>
public static partial class AttentionChecks
{
    /// <summary>The course's attention as an <see cref="AttentionFunction"/>: softmax(Q K^T / sqrt(d_k), masked) V.</summary>
    public static readonly AttentionFunction Reference = (q, k, v, m) =>
    {
        var (output, weights) = ScaledDotProductAttention.forward(q, k, v, m);
        return (output, weights!);
    };

    /// <summary>
    /// Every row of weights sums to 1 (|sum - 1| ≤ 1e-5) when some keys are masked and T != S. Catches a mask
    /// applied after the softmax and a softmax over the query axis.
    /// </summary>
    public static void RowsSumToOne(AttentionFunction attention)
    {
        using var scope = NewDisposeScope();
        var (q, k, v) = Inputs(T: 4, S: 6, d: 8);
        var (_, w) = attention(q, k, v, PaddingMask());
        var sums = w.sum(-1).flatten();                                        // (B * T)
        var sum = sums[(sums - 1).abs().argmax().item<long>()].item<float>();  // the row furthest from 1
        if (!(Math.Abs(sum - 1) <= 1e-5)) Fail($"rows of the attention weights must sum to 1, but one sums to {sum:G4}");
    }

    /// <summary>Every weight lies in [0, 1] (a convex combination of the values). Catches scores normalised by their sum.</summary>
    public static void WeightsAreProbabilities(AttentionFunction attention)
    {
        using var scope = NewDisposeScope();
        var (q, k, v) = Inputs(T: 4, S: 6, d: 8);
        var (_, w) = attention(q, k, v, null);
        var (min, max) = (w.min().item<float>(), w.max().item<float>());
        if (!(min >= -1e-6 && max <= 1 + 1e-6)) Fail($"weights must lie in [0, 1], but they range from {min:G4} to {max:G4}");
    }

    /// <summary>
    /// Output equals TorchSharp's fused <c>scaled_dot_product_attention</c> within 1e-4, at d_k = 64. Catches a
    /// missing (or wrong) 1/sqrt(d_k) and a transposed product.
    /// </summary>
    public static void MatchesFusedKernel(AttentionFunction attention)
    {
        using var scope = NewDisposeScope();
        var (q, k, v) = Inputs(T: 5, S: 5, d: 64);
        var (output, _) = attention(q, k, v, null);
        var expected = nn.functional.scaled_dot_product_attention(q, k, v);
        if (!output.shape.SequenceEqual(expected.shape)) Fail($"output shape ({string.Join(", ", output.shape)}) differs from the fused kernel's ({string.Join(", ", expected.shape)})");
        var diff = (output - expected).abs().max().item<float>();
        if (!(diff <= 1e-4)) Fail($"output differs from TorchSharp's scaled_dot_product_attention by up to {diff:G3}");
    }

    /// <summary>
    /// Outputs do not change when the keys and values at masked (padding) positions change. Catches attention
    /// that ignores the key padding mask.
    /// </summary>
    public static void PaddingDoesNotLeak(AttentionFunction attention)
    {
        using var scope = NewDisposeScope();
        var (q, k, v) = Inputs(T: 4, S: 6, d: 8);
        var mask = PaddingMask();                                              // (B, 1, S)
        var padding = mask.squeeze(1).logical_not().unsqueeze(-1);             // (B, S, 1)
        var (k2, v2) = (k.where(padding.logical_not(), k * 5 + 3), v.where(padding.logical_not(), v * 5 + 3));
        var diff = (attention(q, k, v, mask).output - attention(q, k2, v2, mask).output).abs().max().item<float>();
        if (!(diff <= 1e-5)) Fail($"changing only padded keys and values changed the output by up to {diff:G3}: padding leaks");
    }

    /// <summary>
    /// A causal mask built by <paramref name="causalMask"/> (T) -> (T, T), used with the course's attention, lets
    /// position t see 0..t: changing later positions leaves earlier outputs unchanged, and every position sees itself.
    /// Catches a mask that includes one future position or excludes the diagonal.
    /// </summary>
    public static void CausalMaskHidesOnlyTheFuture(Func<long, Tensor> causalMask)
    {
        using var scope = NewDisposeScope();
        const long T = 6;
        var mask = causalMask(T);
        var missing = Enumerable.Range(0, (int)T).Where(t => !mask[t, t].item<bool>()).ToList();
        if (missing.Count > 0) Fail($"position {missing[0]} may not attend to itself (the diagonal must be true)");
        var (q, k, v) = Inputs(T, T, d: 8);
        for (long t = 0; t < T - 1; t++)
        {
            var (k2, v2) = (k.clone(), v.clone());
            k2[.., (int)(t + 1)..] = k2[.., (int)(t + 1)..] * 5 + 3;           // change every position after t
            v2[.., (int)(t + 1)..] = v2[.., (int)(t + 1)..] * 5 + 3;
            var (a, _) = ScaledDotProductAttention.forward(q, k, v, mask);
            var (b, _) = ScaledDotProductAttention.forward(q, k2, v2, mask);
            var diff = (a[.., ..(int)(t + 1)] - b[.., ..(int)(t + 1)]).abs().max().item<float>();
            if (!(diff <= 1e-5)) Fail($"changing positions after {t} changed the output at positions 0..{t} by up to {diff:G3}: the mask lets a position see the future");
        }
    }

    /// <summary>
    /// Runs one check and prints "✓ name: holds" or "✗ name: FAILS: message" instead of throwing; returns whether it
    /// held. Only an <see cref="AttentionCheckException"/> counts as a caught bug: any other exception means the
    /// function under test (or the check) crashed, which proves nothing about the property, so it is printed as
    /// "✗ name: CRASHED (not a caught bug): type: message". Chapter 06 runs every check on the buggy variants with it.
    /// </summary>
    /// <param name="name">What is checked, e.g. "rows sum to 1".</param>
    /// <param name="check">The check, e.g. <c>() =&gt; AttentionChecks.RowsSumToOne(buggy)</c>.</param>
    public static bool Report(string name, Action check)
    {
        try { check(); Console.WriteLine($"✓ {name}: holds"); return true; }
        catch (AttentionCheckException e) { Console.WriteLine($"✗ {name}: FAILS: {e.Message}"); return false; }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Console.WriteLine($"✗ {name}: CRASHED (not a caught bug): {e.GetType().Name}: {FirstLine(e.Message)}");
            return false;
        }
    }

    /// <summary>Seeded inputs (B = 2): query (2, T, d), key (2, S, d), value (2, S, d).</summary>
    static (Tensor q, Tensor k, Tensor v) Inputs(long T, long S, long d)
    {
        var g = new Generator(6);
        return (randn([2, T, d], generator: g), randn([2, S, d], generator: g), randn([2, S, d], generator: g));
    }

    /// <summary>Row 0 has 4 real keys of 6, row 1 has 2; shape (2, 1, 6), true = attend.</summary>
    static Tensor PaddingMask() => (arange(6).unsqueeze(0) < tensor(new long[] { 4, 2 }).unsqueeze(1)).unsqueeze(1);

    static void Fail(string message) => throw new AttentionCheckException(message);

    /// <summary>The first line of an exception message: libtorch appends its native stack trace to the reason.</summary>
    static string FirstLine(string message) => message.Split('\n', 2)[0].TrimEnd();
}

/// <summary>Thrown by <see cref="AttentionChecks"/> when an attention function breaks a property.</summary>
public sealed class AttentionCheckException(string message) : Exception(message);
