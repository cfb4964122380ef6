using AttentionCourse.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Localisation;

/// <summary>
/// How well a map over patches finds the region the generator marked: pointing accuracy, patch AUC, and boxes against
/// the centre-box and random-box baselines. Used in chapter 14.
/// </summary>
public static class LocalisationMetrics
{
    /// <summary>Pointing accuracy: the share of images whose highest-scoring patch lies in the marked region.</summary>
    /// <param name="maps">(N, K) scores.</param>
    /// <param name="patchLabels">(N, K) bool, true inside the region.</param>
    public static double Pointing(Tensor maps, Tensor patchLabels)
    {
        using var scope = NewDisposeScope();
        return patchLabels.gather(1, maps.argmax(1).unsqueeze(1)).to_type(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>
    /// Patch AUC: the map read as a patch classifier, scored against the patch labels over all patches of all images
    /// pooled (<see cref="Ranking.Auc"/>): the probability that a random marked patch scores above a random unmarked one.
    /// </summary>
    /// <param name="maps">(N, K) scores.</param>
    /// <param name="patchLabels">(N, K) bool.</param>
    public static double PatchAuc(Tensor maps, Tensor patchLabels) =>
        Ranking.Auc(maps.reshape(-1).to_type(ScalarType.Float64).data<double>().ToArray(), patchLabels.reshape(-1).data<bool>().ToArray());

    /// <summary>The rows of a (N, K) tensor as arrays, for <see cref="BoxFromMap"/>.</summary>
    /// <param name="maps">(N, K).</param>
    public static double[][] Rows(Tensor maps)
    {
        using var cpu = maps.detach().to_type(ScalarType.Float64).cpu();
        var flat = cpu.data<double>().ToArray();
        int k = (int)maps.shape[1];
        return Enumerable.Range(0, (int)maps.shape[0]).Select(i => flat[(i * k)..((i + 1) * k)]).ToArray();
    }

    /// <summary>The centre-box baseline: one box of the mean height and width of <paramref name="reference"/> boxes, centred in the image.</summary>
    /// <param name="reference">Boxes whose size is averaged (validation boxes, never test boxes).</param>
    /// <param name="side">Image side in pixels.</param>
    public static PixelBox CentreBox(IReadOnlyList<PixelBox> reference, int side)
    {
        int h = (int)Math.Round(reference.Average(b => b.Bottom - b.Top)), w = (int)Math.Round(reference.Average(b => b.Right - b.Left));
        int top = (side - h) / 2, left = (side - w) / 2;
        return new PixelBox(top, left, top + h, left + w);
    }

    /// <summary>
    /// The random-box baseline: for each image a box of the size of a randomly drawn <paramref name="reference"/> box,
    /// placed on the patch grid uniformly at random (as the generator places regions), from <c>Random(seed)</c>.
    /// </summary>
    /// <param name="count">Number of boxes.</param>
    /// <param name="reference">Boxes whose sizes are sampled (validation boxes).</param>
    /// <param name="grid">Patches per side.</param>
    /// <param name="patch">Pixels per patch side.</param>
    /// <param name="seed">Seed.</param>
    public static List<PixelBox> RandomBoxes(int count, IReadOnlyList<PixelBox> reference, int grid, int patch, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var size = reference[random.Next(reference.Count)];
            int h = (size.Bottom - size.Top) / patch, w = (size.Right - size.Left) / patch;
            int top = random.Next(grid - h + 1), left = random.Next(grid - w + 1);
            return new PixelBox(top * patch, left * patch, (top + h) * patch, (left + w) * patch);
        }).ToList();
    }

    /// <summary>Mean IoU and the share of images with IoU ≥ 0.5 (the CorLoc-style hit rate of Choe et al. 2020).</summary>
    /// <param name="predicted">One box per image.</param>
    /// <param name="truth">The true boxes.</param>
    public static (double MeanIoU, double HitRate) Score(IReadOnlyList<PixelBox> predicted, IReadOnlyList<PixelBox> truth)
    {
        var ious = predicted.Select((b, i) => b.IoU(truth[i])).ToList();
        return (ious.Average(), ious.Count(v => v >= 0.5) / (double)ious.Count);
    }
}
