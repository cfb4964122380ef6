namespace AttentionCourse.Localisation;

/// <summary>
/// Turns a map over a grid of patches into a box, the way weakly supervised localisation does (Zhou et al. 2016; the
/// protocol of Choe et al. 2020): scale the map to [0, 1] by its minimum and maximum, keep the patches at or above a
/// threshold τ, take the 4-connected region of kept patches that holds the maximum, and return its bounding box in
/// pixels. τ must be chosen on validation images, never on the test set (Choe et al. show how choosing it on test data
/// inflates the scores). Used in chapter 14.
/// </summary>
public static class BoxFromMap
{
    /// <summary>The box from one map.</summary>
    /// <param name="map">G² scores in raster order (any scale).</param>
    /// <param name="grid">G, patches per side.</param>
    /// <param name="patch">Pixels per patch side.</param>
    /// <param name="threshold">τ in [0, 1] on the min-max scaled map.</param>
    public static PixelBox Box(IReadOnlyList<double> map, int grid, int patch, double threshold)
    {
        double min = map.Min(), max = map.Max(), span = max - min;
        var kept = map.Select(v => span == 0 || (v - min) / span >= threshold).ToArray();
        int start = Enumerable.Range(0, map.Count).MaxBy(k => map[k]);
        var seen = new bool[map.Count];
        var stack = new Stack<int>([start]);
        seen[start] = true;
        int top = int.MaxValue, left = int.MaxValue, bottom = -1, right = -1;
        while (stack.Count > 0)
        {
            int k = stack.Pop(), r = k / grid, c = k % grid;
            (top, left, bottom, right) = (Math.Min(top, r), Math.Min(left, c), Math.Max(bottom, r), Math.Max(right, c));
            foreach (var (dr, dc) in new[] { (-1, 0), (1, 0), (0, -1), (0, 1) })
            {
                int rr = r + dr, cc = c + dc, j = rr * grid + cc;
                if (rr < 0 || rr >= grid || cc < 0 || cc >= grid || seen[j] || !kept[j]) continue;
                seen[j] = true;
                stack.Push(j);
            }
        }
        return new PixelBox(top * patch, left * patch, (bottom + 1) * patch, (right + 1) * patch);
    }

    /// <summary>Mean IoU of the boxes from <paramref name="maps"/> at threshold τ against the true boxes.</summary>
    /// <param name="maps">One map per image.</param>
    /// <param name="truth">The true boxes.</param>
    /// <param name="grid">G.</param>
    /// <param name="patch">Patch side.</param>
    /// <param name="threshold">τ.</param>
    public static double MeanIoU(IReadOnlyList<double[]> maps, IReadOnlyList<PixelBox> truth, int grid, int patch, double threshold) =>
        maps.Select((m, i) => Box(m, grid, patch, threshold).IoU(truth[i])).Average();

    /// <summary>The τ among <paramref name="candidates"/> with the highest mean IoU (the first on ties). Give it validation maps only.</summary>
    /// <param name="maps">Validation maps.</param>
    /// <param name="truth">Validation boxes.</param>
    /// <param name="grid">G.</param>
    /// <param name="patch">Patch side.</param>
    /// <param name="candidates">Thresholds to try, e.g. 0.05, 0.10, …, 0.95.</param>
    public static double ChooseThreshold(IReadOnlyList<double[]> maps, IReadOnlyList<PixelBox> truth, int grid, int patch, IReadOnlyList<double> candidates) =>
        candidates.MaxBy(t => (MeanIoU(maps, truth, grid, patch, t), -t));
}
