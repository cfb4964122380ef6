using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Data;

/// <summary>One 8x8 handwritten digit: 64 grey levels 0..16, row by row from the top-left, and its digit 0..9.</summary>
/// <param name="Pixels">64 grey levels, index = 8 · row + column.</param>
/// <param name="Label">The digit.</param>
public sealed record DigitImage(int[] Pixels, int Label);

/// <summary>
/// The shipped 8x8 handwritten digits (<c>datasets/digits/digits.csv.gz</c>: scikit-learn's copy of the UCI optdigits
/// test set by Alpaydin and Kaynak, BSD-3-Clause, from Debian's <c>python3-sklearn</c>): 1,797 images with 17 grey
/// levels. Read only after its SHA-256 matches the manifest. Used in chapter 15.
/// </summary>
public static class Digits
{
    /// <summary>The dataset's folder name under <c>datasets/</c>.</summary>
    public const string Folder = "digits";
    /// <summary>The data file's name.</summary>
    public const string File = "digits.csv.gz";
    /// <summary>Image side: 8 pixels.</summary>
    public const int Side = 8;
    /// <summary>Pixels per image: 64.</summary>
    public const int Pixels = Side * Side;
    /// <summary>Grey levels: 17 (0 to 16 black pixels in a 4x4 block).</summary>
    public const int Levels = 17;
    /// <summary>Classes: the digits 0..9.</summary>
    public const int Classes = 10;

    /// <summary>Loads all 1,797 images in file order after verifying the file's SHA-256.</summary>
    /// <param name="datasetsRoot">The <c>datasets/</c> folder; default <see cref="Datasets.Root"/>.</param>
    /// <exception cref="DatasetException">Missing, corrupt, or a line that is not 65 integers in range.</exception>
    public static IReadOnlyList<DigitImage> Load(string? datasetsRoot = null)
    {
        var path = Datasets.Verified(Path.Combine(datasetsRoot ?? Datasets.Root, Folder), File);
        using var reader = new StreamReader(new GZipStream(System.IO.File.OpenRead(path), CompressionMode.Decompress));
        var images = new List<DigitImage>();
        for (var (line, number) = (reader.ReadLine(), 1); line is not null; line = reader.ReadLine(), number++)
        {
            var fields = line.Split(',');
            if (fields.Length != Pixels + 1 || !fields.All(f => int.TryParse(f, out _)))
                throw new DatasetException($"{path}, line {number}: expected {Pixels + 1} comma-separated integers.");
            var values = fields.Select(int.Parse).ToArray();
            if (values[..Pixels].Any(v => v is < 0 or >= Levels) || values[Pixels] is < 0 or >= Classes)
                throw new DatasetException($"{path}, line {number}: a grey level outside 0..16 or a digit outside 0..9.");
            images.Add(new DigitImage(values[..Pixels], values[Pixels]));
        }
        return images;
    }

    /// <summary>
    /// Removes repeated images (same 64 pixels; the first one is kept), then shuffles with <c>Random(seed)</c>
    /// (Fisher-Yates) and cuts a test part, a validation part and the rest for training. No image appears in two parts.
    /// </summary>
    /// <param name="images">All images.</param>
    /// <param name="validation_fraction">Share of the distinct images for validation, in [0, 1).</param>
    /// <param name="test_fraction">Share for the test part, in (0, 1).</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <returns>The three parts and how many repeated images were dropped.</returns>
    public static (List<DigitImage> Train, List<DigitImage> Validation, List<DigitImage> Test, int Duplicates) Split(
        IReadOnlyList<DigitImage> images, double validation_fraction, double test_fraction, int seed)
    {
        if (validation_fraction < 0 || test_fraction <= 0 || validation_fraction + test_fraction >= 1)
            throw new ArgumentException($"Fractions must leave some training data: validation {validation_fraction}, test {test_fraction}.");
        var seen = new HashSet<string>();
        var distinct = images.Where(i => seen.Add(string.Join(',', i.Pixels))).ToArray();
        new Random(seed).Shuffle(distinct);
        int test = (int)Math.Round(distinct.Length * test_fraction), validation = (int)Math.Round(distinct.Length * validation_fraction);
        return (distinct[(test + validation)..].ToList(), distinct[test..(test + validation)].ToList(), distinct[..test].ToList(),
            images.Count - distinct.Length);
    }

    /// <summary>The images as tensors: pixels (N, 64) and labels (N), both int64.</summary>
    /// <param name="images">The images.</param>
    public static (Tensor Pixels, Tensor Labels) ToTensors(IReadOnlyList<DigitImage> images)
    {
        var pixels = images.SelectMany(i => i.Pixels).Select(v => (long)v).ToArray();
        return (tensor(pixels, [images.Count, Pixels], ScalarType.Int64), tensor(images.Select(i => (long)i.Label).ToArray(), ScalarType.Int64));
    }
}
