using AttentionCourse.Tasks;
using static TorchSharp.torch;

namespace AttentionCourse.Vision;

/// <summary>
/// How much of a map's mass falls inside a known box: the ground-truth check of chapters 12-14. A coarse map (one cell
/// per patch or per feature-map position) covers the image evenly, cell (i, j) spreading its value over its
/// (S/h) × (S/w) pixels, so a cell half inside the box counts half. Chance is the box's area share.
/// </summary>
public static class BoxMass
{
    /// <summary>Share of each map's mass inside its box, Σ_box m / Σ m, after spreading cells over their pixels.</summary>
    /// <param name="maps">(N, h, w) non-negative maps; imageSize must be a multiple of h and of w.</param>
    /// <param name="boxes">N boxes in image pixels.</param>
    /// <param name="imageSize">The image side S in pixels.</param>
    /// <returns>N shares in [0, 1].</returns>
    public static double[] ShareInside(Tensor maps, IReadOnlyList<Box> boxes, int imageSize)
    {
        if (maps.dim() != 3 || maps.shape[0] != boxes.Count)
            throw new ArgumentException($"maps must be (N, h, w) with N = {boxes.Count}; got ({string.Join(", ", maps.shape)}).", nameof(maps));
        int h = (int)maps.shape[1], w = (int)maps.shape[2];
        if (imageSize % h != 0 || imageSize % w != 0)
            throw new ArgumentException($"The image side {imageSize} must be a multiple of the map's {h} × {w}.", nameof(imageSize));
        var values = maps.to(ScalarType.Float64).cpu().data<double>().ToArray();
        int ch = imageSize / h, cw = imageSize / w;
        var shares = new double[boxes.Count];
        for (int n = 0; n < boxes.Count; n++)
        {
            double inside = 0, total = 0;
            var b = boxes[n];
            for (int i = 0; i < h; i++)
                for (int j = 0; j < w; j++)
                {
                    var v = values[(n * h + i) * w + j];
                    int rows = Overlap(i * ch, ch, b.Top, b.Height), cols = Overlap(j * cw, cw, b.Left, b.Width);
                    inside += v * rows * cols / (ch * cw);
                    total += v;
                }
            shares[n] = total > 0 ? inside / total : 0;
        }
        return shares;
    }

    static int Overlap(int start, int length, int boxStart, int boxLength) =>
        Math.Max(0, Math.Min(start + length, boxStart + boxLength) - Math.Max(start, boxStart));
}
