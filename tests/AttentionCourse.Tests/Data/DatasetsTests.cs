using AttentionCourse.Data;

namespace AttentionCourse.Tests.Data;

public class DatasetsTests
{
    [Fact]
    public void Every_file_in_every_manifest_matches_its_checksum()
    {
        var folders = Directory.GetDirectories(Datasets.Root);
        Assert.NotEmpty(folders);
        var checkedFiles = 0;
        foreach (var folder in folders)
        {
            var manifest = Datasets.ReadManifest(folder);
            Assert.NotEmpty(manifest);
            foreach (var (file, sha) in manifest)
            {
                Assert.Equal(sha, Datasets.Sha256(Path.Combine(folder, file)));
                checkedFiles++;
            }
        }
        Assert.True(checkedFiles >= 1);
    }

    [Fact]
    public void Every_shipped_data_file_is_listed_in_its_manifest()
    {
        // The README, the manifest and the scripts that made the data (extract.py, make_dataset.sh, ...) are not data.
        static bool IsData(string file) => file is not ("README.md" or Datasets.Manifest) && !file.EndsWith(".py", StringComparison.Ordinal) && !file.EndsWith(".sh", StringComparison.Ordinal);
        foreach (var folder in Directory.GetDirectories(Datasets.Root))
        {
            var manifest = Datasets.ReadManifest(folder);
            foreach (var file in Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Where(IsData))
                Assert.True(manifest.ContainsKey(file!), $"{folder}/{file} is not in {Datasets.Manifest}");
        }
    }

    [Fact]
    public void Sha256_matches_the_published_digest_of_abc()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "abc");
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Datasets.Sha256(path)); // FIPS 180-2 example
        File.Delete(path);
    }

    static string CopyDataset()
    {
        var copy = Directory.CreateTempSubdirectory("datasets-").FullName;
        var folder = Directory.CreateDirectory(Path.Combine(copy, BibleEnEs.Folder)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(Datasets.Root, BibleEnEs.Folder)))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return copy;
    }

    [Fact]
    public void A_corrupted_file_gives_an_error_naming_the_file_and_both_checksums()
    {
        var root = CopyDataset();
        var path = Path.Combine(root, BibleEnEs.Folder, BibleEnEs.File);
        var expected = Datasets.ReadManifest(Path.Combine(root, BibleEnEs.Folder))[BibleEnEs.File];
        var bytes = File.ReadAllBytes(path);
        bytes[100] ^= 1;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<DatasetException>(() => BibleEnEs.Load(root));
        Assert.Contains(path, e.Message);
        Assert.Contains("corrupt", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains(Datasets.Sha256(path), e.Message);
    }

    [Fact]
    public void A_missing_file_gives_an_error_naming_the_file_and_the_expected_checksum()
    {
        var root = CopyDataset();
        var path = Path.Combine(root, BibleEnEs.Folder, BibleEnEs.File);
        var expected = Datasets.ReadManifest(Path.Combine(root, BibleEnEs.Folder))[BibleEnEs.File];
        File.Delete(path);
        var e = Assert.Throws<DatasetException>(() => BibleEnEs.Load(root));
        Assert.Contains(path, e.Message);
        Assert.Contains("missing", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Bible_pairs_load_with_both_sides_short_and_non_empty()
    {
        var pairs = BibleEnEs.Load();
        Assert.True(pairs.Count > 5000, $"{pairs.Count} pairs");
        Assert.Equal("Genesis 1:1", pairs[0].Key);
        Assert.Equal("In the beginning, God created the heavens and the earth.", pairs[0].English);
        Assert.StartsWith("EN el principio crió Dios", pairs[0].Spanish);
        Assert.All(pairs, p => Assert.InRange(p.English.Split(' ').Length, 1, 15));
        Assert.All(pairs, p => Assert.InRange(p.Spanish.Split(' ').Length, 1, 15));
        Assert.DoesNotContain(pairs, p => p.English.Contains('<') || p.Spanish.Contains('<'));
        Assert.Equal(pairs.Count, pairs.Select(p => p.Key).Distinct().Count());
    }
}
