using AttentionCourse.Data;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Data;

public class FashionMnistTests
{
    public FashionMnistTests() => T.Init();

    [Fact]
    public void Training_subset_has_20000_images_of_28_by_28_with_2000_per_class()
    {
        var train = FashionMnist.Load(train: true);
        Assert.Equal(20000, train.Count);
        Assert.Equal((28, 28), (train.Height, train.Width));
        Assert.Equal(20000 * 28 * 28, train.Pixels.Length);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(2000, train.Labels.Count(l => l == c)));
    }

    [Fact]
    public void Test_set_is_the_full_10000_with_1000_per_class_and_the_published_checksum()
    {
        var test = FashionMnist.Load(train: false);
        Assert.Equal(10000, test.Count);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(1000, test.Labels.Count(l => l == c)));
        // SHA-256 of t10k-images-idx3-ubyte.gz as Debian's dataset-fashion-mnist ships it (the upstream file).
        Assert.Equal("cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
            Datasets.Sha256(Path.Combine(Datasets.Root, FashionMnist.Folder, "t10k-images-idx3-ubyte.gz")));
    }

    [Fact]
    public void Images_tensor_is_N_1_28_28_in_0_1_and_matches_the_bytes()
    {
        var test = FashionMnist.Load(train: false);
        var x = test.Images();
        Assert.Equal([10000L, 1, 28, 28], x.shape);
        Assert.True(x.min().item<float>() >= 0 && x.max().item<float>() <= 1);
        Assert.Equal(test.Image(7)[13, 20] / 255f, x[7, 0, 13, 20].item<float>(), 6);
        Assert.Equal(test.Labels[123], (byte)test.Targets()[123].item<long>());
    }

    [Fact]
    public void A_corrupted_image_file_is_refused_before_it_is_read()
    {
        var root = Directory.CreateTempSubdirectory("datasets-").FullName;
        var folder = Directory.CreateDirectory(Path.Combine(root, FashionMnist.Folder)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(Datasets.Root, FashionMnist.Folder)).Where(f => f.Contains("t10k") || f.EndsWith(Datasets.Manifest)))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        File.AppendAllText(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"), "x");
        var error = Assert.Throws<DatasetException>(() => FashionMnist.Load(train: false, datasetsRoot: root));
        Assert.Contains("t10k-images-idx3-ubyte.gz", error.Message);
        Directory.Delete(root, recursive: true);
    }
}
