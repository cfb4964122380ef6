using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Solutions;

/// <summary>Reference solutions of the chapter 15 exercises (notebooks/15-pixel-transformer.ipynb).</summary>
public static class Chapter15
{
    /// <summary>Exercise 15.1: the input ids of a class-conditional pixel model: the class token L + c, then pixels 0..P−2.</summary>
    /// <param name="pixels">(B, P) int64.</param>
    /// <param name="labels">(B) int64.</param>
    /// <param name="levels">L, grey levels (the class tokens come after them).</param>
    /// <returns>(B, P) int64.</returns>
    public static Tensor InputIds(Tensor pixels, Tensor labels, int levels) =>
        cat([(labels + levels).unsqueeze(1), pixels[.., ..^1]], 1);

    /// <summary>
    /// Exercise 15.2: the per-class independent-pixel baseline by plain loops: p(x_i = v | c) = (n_{c,i,v} + α)/(n_{c,i} + L α)
    /// counted on the training images, then the mean −log₂ p over every pixel of the test images.
    /// </summary>
    /// <param name="trainPixels">Training images, each P grey levels.</param>
    /// <param name="trainLabels">Their classes.</param>
    /// <param name="testPixels">Test images.</param>
    /// <param name="testLabels">Their classes.</param>
    /// <param name="alpha">α &gt; 0.</param>
    /// <param name="classes">C.</param>
    /// <param name="levels">L.</param>
    public static double IndependentBits(long[][] trainPixels, long[] trainLabels, long[][] testPixels, long[] testLabels,
        double alpha, int classes, int levels)
    {
        int P = trainPixels[0].Length;
        var counts = new double[classes, P, levels];
        var totals = new double[classes, P];
        for (int n = 0; n < trainPixels.Length; n++)
            for (int i = 0; i < P; i++) { counts[trainLabels[n], i, trainPixels[n][i]]++; totals[trainLabels[n], i]++; }
        double bits = 0;
        for (int n = 0; n < testPixels.Length; n++)
            for (int i = 0; i < P; i++)
            {
                long c = testLabels[n], v = testPixels[n][i];
                bits -= Math.Log2((counts[c, i, v] + alpha) / (totals[c, i] + levels * alpha));
            }
        return bits / (testPixels.Length * (double)P);
    }

    /// <summary>
    /// Exercise 15.3: a no-peeking property check. For every position j ≥ 1, change the input id at j (to (id + 1) mod
    /// <paramref name="vocab"/>) and compare the outputs at positions 0..j−1 with the original ones: a causal model's
    /// outputs there cannot move. Returns true when some output moved by more than 1e-5, i.e. the model peeks ahead.
    /// </summary>
    /// <param name="model">Maps ids (B, T) to outputs (B, T, ...).</param>
    /// <param name="ids">Input ids (B, T) int64.</param>
    /// <param name="vocab">Number of ids.</param>
    public static bool PeeksAhead(Func<Tensor, Tensor> model, Tensor ids, long vocab)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var reference = model(ids);
        for (int j = 1; j < ids.shape[1]; j++)
        {
            var changed = ids.clone();
            changed[.., j] = (ids[.., j] + 1).remainder(vocab);
            var outputs = model(changed);
            if ((outputs[.., ..j] - reference[.., ..j]).abs().max().item<float>() > 1e-5) return true;
        }
        return false;
    }
}
