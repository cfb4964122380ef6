using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Localisation;

/// <summary>
/// Sizes of the marked-patch images: a <see cref="Grid"/> x <see cref="Grid"/> grid of <see cref="Patch"/>-pixel
/// patches; one framed object covering 1x1 to 2x2 patches whose texture is the label; <see cref="Distractors"/>
/// unframed patches with random textures; Gaussian pixel noise. Used in chapter 14.
/// </summary>
/// <param name="Grid">Patches per side; default 6.</param>
/// <param name="Patch">Pixels per patch side; default 6.</param>
/// <param name="Distractors">Unframed textured patches per image; default 8.</param>
/// <param name="Noise">Standard deviation of the pixel noise; default 0.2.</param>
/// <param name="Frame">Intensity of the frame's pixels (the textures' are 0.6); default 1.</param>
public sealed record MarkedPatchConfig(int Grid = 6, int Patch = 6, int Distractors = 8, double Noise = 0.2, float Frame = 1.0f)
{
    /// <summary>Image side in pixels.</summary>
    public int Side => Grid * Patch;
}

/// <summary>A batch of marked-patch images with everything the generator knows.</summary>
/// <param name="Images">(N, Side, Side) float32.</param>
/// <param name="Labels">(N) int64: the object's texture, 0..3.</param>
/// <param name="PatchLabels">(N, Grid²) bool: true for the patches the object covers (raster order).</param>
/// <param name="Boxes">The object's box in pixels, one per image.</param>
public sealed record MarkedPatchSet(Tensor Images, Tensor Labels, Tensor PatchLabels, IReadOnlyList<PixelBox> Boxes);

/// <summary>
/// Generates images in which one marked region decides the label: the region (1x1, 1x2, 2x1 or 2x2 patches) has a
/// bright one-pixel frame and is filled with one of four textures (horizontal stripes, vertical stripes, a
/// checkerboard, diagonal stripes), which is the class. Distractor patches carry the same textures without a frame,
/// so counting textures over the whole image does not give the label: a model has to find the framed region. The
/// box and the covered patches are written beside each image. Seeded: the same seed gives the same images.
/// Used in chapter 14.
/// </summary>
public static class MarkedPatches
{
    /// <summary>Number of classes (textures).</summary>
    public const int Classes = 4;
    /// <summary>The textures' names, by class.</summary>
    public static readonly IReadOnlyList<string> TextureNames = ["horizontal", "vertical", "checker", "diagonal"];

    const float Ink = 0.6f;

    /// <summary>Texture <paramref name="cls"/> at pixel (r, c): on (1) or off (0).</summary>
    /// <param name="cls">Class 0..3.</param>
    /// <param name="r">Pixel row.</param>
    /// <param name="c">Pixel column.</param>
    public static bool Texture(int cls, int r, int c) => cls switch
    {
        0 => r % 2 == 0,
        1 => c % 2 == 0,
        2 => (r + c) % 2 == 0,
        _ => (r + c) % 3 == 0,
    };

    /// <summary>Draws <paramref name="n"/> images from <c>Random(seed)</c>.</summary>
    /// <param name="n">Number of images.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="config">Sizes; default <see cref="MarkedPatchConfig"/>().</param>
    public static MarkedPatchSet Generate(int n, int seed, MarkedPatchConfig? config = null)
    {
        var cfg = config ?? new MarkedPatchConfig();
        int G = cfg.Grid, p = cfg.Patch, S = cfg.Side;
        var random = new Random(seed);
        var pixels = new float[n * S * S];
        var labels = new long[n];
        var patchLabels = new bool[n * G * G];
        var boxes = new PixelBox[n];
        for (int i = 0; i < n; i++)
        {
            int cls = random.Next(Classes), h = 1 + random.Next(2), w = 1 + random.Next(2);
            int top = random.Next(G - h + 1), left = random.Next(G - w + 1);
            labels[i] = cls;
            boxes[i] = new PixelBox(top * p, left * p, (top + h) * p, (left + w) * p);
            var free = new List<int>();
            for (int k = 0; k < G * G; k++)
            {
                bool covered = k / G >= top && k / G < top + h && k % G >= left && k % G < left + w;
                patchLabels[i * G * G + k] = covered;
                if (!covered) free.Add(k);
            }
            Span<float> image = pixels.AsSpan(i * S * S, S * S);
            var box = boxes[i];
            for (int r = box.Top; r < box.Bottom; r++)
                for (int c = box.Left; c < box.Right; c++)
                {
                    bool edge = r == box.Top || r == box.Bottom - 1 || c == box.Left || c == box.Right - 1;
                    image[r * S + c] = edge ? cfg.Frame : Texture(cls, r, c) ? Ink : 0f;
                }
            random.Shuffle(CollectionsMarshalSpan(free));
            foreach (var k in free.Take(cfg.Distractors))
            {
                int texture = random.Next(Classes), r0 = k / G * p, c0 = k % G * p;
                for (int r = r0 + 1; r < r0 + p - 1; r++)
                    for (int c = c0 + 1; c < c0 + p - 1; c++)
                        image[r * S + c] = Texture(texture, r, c) ? Ink : 0f;
            }
            for (int j = 0; j < image.Length; j++) image[j] += (float)(cfg.Noise * Gaussian(random));
        }
        return new MarkedPatchSet(tensor(pixels, [n, S, S]), tensor(labels), tensor(patchLabels, [n, G * G]), boxes);
    }

    /// <summary>Cuts images into non-overlapping patches in raster order: (N, S, S) -> (N, G², p²).</summary>
    /// <param name="images">(N, S, S).</param>
    /// <param name="patch">Patch side p; S must be a multiple of it.</param>
    public static Tensor Patches(Tensor images, int patch)
    {
        long N = images.shape[0], G = images.shape[1] / patch;
        return images.view(N, G, patch, G, patch)                             // (N, G, p, G, p)
            .permute(0, 1, 3, 2, 4)                                            // (N, G, G, p, p)
            .reshape(N, G * G, patch * patch);                                 // (N, G², p²)
    }

    static Span<int> CollectionsMarshalSpan(List<int> list) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);

    static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());   // Box-Muller
}
