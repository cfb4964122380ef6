using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

namespace AttentionCourse.Data;

/// <summary>
/// Grey-level images with one label each, as the IDX files store them: row-major bytes, 0 = background, 255 = ink.
/// </summary>
/// <param name="Pixels">Count × Height × Width bytes, image after image, row after row.</param>
/// <param name="Labels">Count class indices.</param>
/// <param name="Height">Rows per image.</param>
/// <param name="Width">Columns per image.</param>
public sealed record ImageSet(byte[] Pixels, byte[] Labels, int Height, int Width)
{
    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>The images as floats in [0, 1], shape (N, 1, H, W): one grey channel, as convolutions expect.</summary>
    public Tensor Images() =>
        tensor(Pixels, ScalarType.Byte).reshape(Count, 1, Height, Width).to_type(ScalarType.Float32).div_(255f);

    /// <summary>The labels as an int64 tensor (N), as <c>cross_entropy</c> expects.</summary>
    public Tensor Targets() => tensor(Labels.Select(l => (long)l).ToArray(), ScalarType.Int64);

    /// <summary>Image <paramref name="index"/>'s pixels, (Height, Width), row-major.</summary>
    /// <param name="index">0-based image index.</param>
    public byte[,] Image(int index)
    {
        var image = new byte[Height, Width];
        Buffer.BlockCopy(Pixels, index * Height * Width, image, 0, Height * Width);
        return image;
    }
}

/// <summary>
/// The shipped Fashion-MNIST subset (<c>datasets/fashion-mnist/</c>; Xiao, Rasul &amp; Vollgraf 2017, Zalando Research,
/// MIT licence): 20,000 training images (2,000 per class, a seeded draw from the 60,000) and all 10,000 test images,
/// 28 × 28 grey levels, from Debian's <c>dataset-fashion-mnist</c>. Every file is read only after its SHA-256 matches
/// the manifest. Chapters 12 and 13.
/// </summary>
public static class FashionMnist
{
    /// <summary>The dataset's folder name under <c>datasets/</c>.</summary>
    public const string Folder = "fashion-mnist";

    /// <summary>The ten class names, index = label (the dataset's own order).</summary>
    public static readonly IReadOnlyList<string> Classes =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads the training subset (<paramref name="train"/> true, 20,000 images) or the test set (10,000).</summary>
    /// <param name="train">True for the training subset, false for the test set.</param>
    /// <param name="datasetsRoot">The <c>datasets/</c> folder; default <see cref="Datasets.Root"/>.</param>
    /// <exception cref="DatasetException">A file is missing, corrupt, or not IDX, or images and labels disagree in number.</exception>
    public static ImageSet Load(bool train, string? datasetsRoot = null)
    {
        var folder = Path.Combine(datasetsRoot ?? Datasets.Root, Folder);
        var prefix = train ? "train" : "t10k";
        var images = ReadIdx(Datasets.Verified(folder, $"{prefix}-images-idx3-ubyte.gz"), 0x803);
        var labels = ReadIdx(Datasets.Verified(folder, $"{prefix}-labels-idx1-ubyte.gz"), 0x801);
        if (images.Shape[0] != labels.Shape[0])
            throw new DatasetException($"{prefix}: {images.Shape[0]} images but {labels.Shape[0]} labels.");
        return new ImageSet(images.Data, labels.Data, images.Shape[1], images.Shape[2]);
    }

    /// <summary>Reads a gzip-compressed IDX file (big-endian magic number and sizes, then the bytes).</summary>
    static (int[] Shape, byte[] Data) ReadIdx(string path, int magic)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new BinaryReader(gz);
        int ReadBigEndian() => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(reader.ReadInt32());
        var found = ReadBigEndian();
        if (found != magic) throw new DatasetException($"{path}: IDX magic number 0x{found:x8}, expected 0x{magic:x8}.");
        var shape = Enumerable.Range(0, magic & 0xff).Select(_ => ReadBigEndian()).ToArray();
        var size = shape.Aggregate(1L, (a, b) => a * b);
        var data = reader.ReadBytes((int)size);
        if (data.Length != size) throw new DatasetException($"{path}: {data.Length} data bytes, expected {size}.");
        return (shape, data);
    }
}
