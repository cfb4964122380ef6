using AttentionCourse.Data;
using static TorchSharp.torch;

namespace AttentionCourse.Tasks;

/// <summary>A rectangle of pixels: rows Top..Top+Height-1, columns Left..Left+Width-1.</summary>
/// <param name="Top">First row.</param>
/// <param name="Left">First column.</param>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
public readonly record struct Box(int Top, int Left, int Height, int Width)
{
    /// <summary>Pixels inside the box.</summary>
    public int Area => Height * Width;

    /// <summary>True when pixel (row, column) lies inside the box.</summary>
    /// <param name="row">Pixel row.</param>
    /// <param name="column">Pixel column.</param>
    public bool Contains(int row, int column) => row >= Top && row < Top + Height && column >= Left && column < Left + Width;

    /// <summary>True when the two boxes share at least one pixel.</summary>
    /// <param name="other">The other box.</param>
    public bool Overlaps(Box other) =>
        Top < other.Top + other.Height && other.Top < Top + Height && Left < other.Left + other.Width && other.Left < Left + Width;
}

/// <summary>Cluttered canvases with the item's box beside each one.</summary>
/// <param name="Pixels">Count × Size × Size grey levels, 0 = background.</param>
/// <param name="Size">Canvas side in pixels.</param>
/// <param name="Labels">The pasted item's class.</param>
/// <param name="Boxes">The tight box around the pasted item's ink (pixels &gt; 0).</param>
/// <param name="Sources">Index of the pasted item in the source set.</param>
public sealed record CanvasSet(byte[] Pixels, int Size, byte[] Labels, Box[] Boxes, int[] Sources)
{
    /// <summary>Number of canvases.</summary>
    public int Count => Labels.Length;

    /// <summary>The canvases as floats in [0, 1], (N, 1, Size, Size).</summary>
    public Tensor Images() =>
        tensor(Pixels, ScalarType.Byte).reshape(Count, 1, Size, Size).to_type(ScalarType.Float32).div_(255f);

    /// <summary>The labels as int64 (N).</summary>
    public Tensor Targets() => tensor(Labels.Select(l => (long)l).ToArray(), ScalarType.Int64);

    /// <summary>The box's share of the canvas, area / Size², per canvas: what a map spread evenly would put inside (chance).</summary>
    public double[] Chance() => Boxes.Select(b => b.Area / (double)(Size * Size)).ToArray();
}

/// <summary>
/// The cluttered canvas of chapters 12-14: one Fashion-MNIST item pasted at a random place on a Size × Size black canvas
/// (default 56), with distractor fragments around it, random <c>fragment</c> × <c>fragment</c> crops (default 8 × 8)
/// of other items that never touch the item's box, so the box holds the item and nothing else. The label is the item's
/// class; the generator writes the item's tight box beside each canvas, the ground truth against which chapters 12-14
/// measure where attention looks. (After the cluttered MNIST of Mnih et al. 2014, with Fashion-MNIST items.)
/// </summary>
public static class ClutteredCanvas
{
    /// <summary>Makes <paramref name="count"/> canvases from a seed.</summary>
    /// <param name="source">Items to paste, e.g. <c>FashionMnist.Load(train: false)</c>; images must fit the canvas.</param>
    /// <param name="count">Number of canvases.</param>
    /// <param name="seed">Seed of <c>Random</c>: the same seed gives the same canvases.</param>
    /// <param name="size">Canvas side; default 56.</param>
    /// <param name="distractors">Fragments per canvas; default 4.</param>
    /// <param name="fragment">Fragment side; default 8.</param>
    public static CanvasSet Generate(ImageSet source, int count, int seed, int size = 56, int distractors = 4, int fragment = 8)
    {
        if (source.Height > size || source.Width > size) throw new ArgumentException($"Items of {source.Height}×{source.Width} do not fit a {size}×{size} canvas.", nameof(size));
        var rng = new Random(seed);
        var pixels = new byte[count * size * size];
        var labels = new byte[count];
        var boxes = new Box[count];
        var sources = new int[count];
        for (int n = 0; n < count; n++)
        {
            var canvas = new Span<byte>(pixels, n * size * size, size * size);
            int item = rng.Next(source.Count);
            var image = source.Image(item);
            var ink = InkBox(image);
            int top = rng.Next(size - source.Height + 1), left = rng.Next(size - source.Width + 1);
            for (int r = 0; r < source.Height; r++)
                for (int c = 0; c < source.Width; c++)
                    canvas[(top + r) * size + left + c] = image[r, c];
            var box = new Box(top + ink.Top, left + ink.Left, ink.Height, ink.Width);
            for (int d = 0; d < distractors; d++)
            {
                var crop = Fragment(source, item, fragment, rng);
                for (int attempt = 0; attempt < 200; attempt++)
                {
                    int y = rng.Next(size - fragment + 1), x = rng.Next(size - fragment + 1);
                    if (new Box(y, x, fragment, fragment).Overlaps(box)) continue;
                    for (int r = 0; r < fragment; r++)
                        for (int c = 0; c < fragment; c++)
                            canvas[(y + r) * size + x + c] = Math.Max(canvas[(y + r) * size + x + c], crop[r, c]);
                    break;
                }
            }
            (labels[n], boxes[n], sources[n]) = (source.Labels[item], box, item);
        }
        return new CanvasSet(pixels, size, labels, boxes, sources);
    }

    /// <summary>The tight box around the pixels &gt; 0 of an image (the whole image if it is blank).</summary>
    /// <param name="image">(H, W) grey levels.</param>
    public static Box InkBox(byte[,] image)
    {
        int h = image.GetLength(0), w = image.GetLength(1), top = h, bottom = -1, left = w, right = -1;
        for (int r = 0; r < h; r++)
            for (int c = 0; c < w; c++)
                if (image[r, c] > 0) (top, bottom, left, right) = (Math.Min(top, r), Math.Max(bottom, r), Math.Min(left, c), Math.Max(right, c));
        return bottom < 0 ? new Box(0, 0, h, w) : new Box(top, left, bottom - top + 1, right - left + 1);
    }

    /// <summary>A crop of another item with at least a quarter of its pixels inked (best of 20 tries).</summary>
    static byte[,] Fragment(ImageSet source, int exclude, int side, Random rng)
    {
        byte[,] best = new byte[side, side];
        int bestInk = -1;
        for (int attempt = 0; attempt < 20 && bestInk < side * side / 4; attempt++)
        {
            int other = rng.Next(source.Count - 1);
            if (other >= exclude) other++;
            var image = source.Image(other);
            int y = rng.Next(source.Height - side + 1), x = rng.Next(source.Width - side + 1);
            var crop = new byte[side, side];
            int ink = 0;
            for (int r = 0; r < side; r++)
                for (int c = 0; c < side; c++)
                    if ((crop[r, c] = image[y + r, x + c]) > 0) ink++;
            if (ink > bestInk) (best, bestInk) = (crop, ink);
        }
        return best;
    }
}
