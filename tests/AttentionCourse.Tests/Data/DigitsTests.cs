using AttentionCourse.Data;

namespace AttentionCourse.Tests.Data;

public class DigitsTests
{
    public DigitsTests() => T.Init();

    [Fact]
    public void Digits_load_1797_images_of_64_grey_levels_with_the_published_class_counts()
    {
        var images = Digits.Load();
        Assert.Equal(1797, images.Count);
        Assert.All(images, i => Assert.Equal(64, i.Pixels.Length));
        Assert.All(images, i => Assert.All(i.Pixels, v => Assert.InRange(v, 0, 16)));
        // Class counts as scikit-learn's load_digits documents them (and as `zcat | cut -d, -f65 | sort | uniq -c` gives).
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180],
            images.GroupBy(i => i.Label).OrderBy(g => g.Key).Select(g => g.Count()));
        // The first line of the file: a zero.
        Assert.Equal(0, images[0].Label);
        Assert.Equal([0, 0, 5, 13, 9, 1, 0, 0], images[0].Pixels[..8]);
        Assert.Equal(16, images.Max(i => i.Pixels.Max()));
    }

    [Fact]
    public void Digits_file_matches_the_sha256_of_debians_python3_sklearn_copy()
    {
        var folder = Path.Combine(Datasets.Root, Digits.Folder);
        Assert.Equal("46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a", Datasets.Sha256(Datasets.Verified(folder, Digits.File)));
    }

    [Fact]
    public void A_corrupted_digits_file_is_refused()
    {
        var root = Directory.CreateTempSubdirectory("digits-").FullName;
        var folder = Directory.CreateDirectory(Path.Combine(root, Digits.Folder)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(Datasets.Root, Digits.Folder)))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        var bytes = File.ReadAllBytes(Path.Combine(folder, Digits.File));
        bytes[1000] ^= 1;
        File.WriteAllBytes(Path.Combine(folder, Digits.File), bytes);
        var e = Assert.Throws<DatasetException>(() => Digits.Load(root));
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void Split_has_no_image_in_two_parts_and_drops_repeated_images()
    {
        var images = Digits.Load();
        var withCopies = images.Concat(images.Take(5).Select(i => new DigitImage((int[])i.Pixels.Clone(), i.Label))).ToList();
        var (train, validation, test, duplicates) = Digits.Split(withCopies, 0.1, 0.2, seed: 0);
        Assert.Equal(5, duplicates);
        Assert.Equal(1797, train.Count + validation.Count + test.Count);
        Assert.Equal(359, test.Count);
        Assert.Equal(180, validation.Count);
        string Key(DigitImage i) => string.Join(',', i.Pixels);
        var keys = train.Select(Key).Concat(validation.Select(Key)).Concat(test.Select(Key)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        // Seeded: the same seed gives the same split, another seed another one.
        Assert.Equal(test.Select(Key), Digits.Split(withCopies, 0.1, 0.2, seed: 0).Test.Select(Key));
        Assert.NotEqual(test.Select(Key), Digits.Split(withCopies, 0.1, 0.2, seed: 1).Test.Select(Key));
    }

    [Fact]
    public void ToTensors_keeps_pixels_in_raster_order()
    {
        var images = Digits.Load().Take(3).ToList();
        var (x, y) = Digits.ToTensors(images);
        Assert.Equal(new long[] { 3, 64 }, x.shape);
        Assert.Equal(images[2].Pixels[9], x[2, 9].item<long>());
        Assert.Equal(images[1].Label, y[1].item<long>());
    }
}
