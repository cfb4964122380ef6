using AttentionCourse.TestSupport;
using System.Security.Cryptography;
using AttentionCourse.Data;

namespace AttentionCourse.Tests.Data;

public class TextCorporaTests
{
    static string Datasets => Repository.Path("datasets");


    static string Expected(string folder, string file) =>
        AttentionCourse.Data.Datasets.ReadManifest(Path.Combine(Datasets, folder))[file];

    [Fact]
    public void Missing_file_error_names_the_file_and_the_expected_checksum()
    {
        var root = Directory.CreateTempSubdirectory("corpora-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "pride-and-prejudice"));
        File.Copy(Path.Combine(Datasets, "pride-and-prejudice", "SHA256SUMS"), Path.Combine(root, "pride-and-prejudice", "SHA256SUMS"));
        var e = Assert.Throws<DatasetException>(() => TextCorpora.PrideAndPrejudice(root));
        Assert.Contains("pride-and-prejudice.txt", e.Message);
        Assert.Contains(Expected("pride-and-prejudice", "pride-and-prejudice.txt"), e.Message);
    }

    [Fact]
    public void Corrupt_file_error_names_the_file_and_both_checksums()
    {
        var root = Directory.CreateTempSubdirectory("corpora-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "austen-melville-sotu"));
        foreach (var name in new[] { "austen.txt", "melville.txt", "sotu.txt", "SHA256SUMS" })
            File.Copy(Path.Combine(Datasets, "austen-melville-sotu", name), Path.Combine(root, "austen-melville-sotu", name));
        var corrupt = Path.Combine(root, "austen-melville-sotu", "melville.txt");
        File.AppendAllText(corrupt, "Call me Ishmael.\n");
        var e = Assert.Throws<DatasetException>(() => TextCorpora.Authorship(root));
        Assert.Contains("melville.txt", e.Message);
        Assert.Contains(Expected("austen-melville-sotu", "melville.txt"), e.Message);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(corrupt))), e.Message);
    }

    [Fact]
    public void Authorship_has_three_thousand_labelled_sentences_per_author()
    {
        var sentences = TextCorpora.Authorship(Datasets);
        Assert.Equal([3000, 3000, 3000], sentences.GroupBy(s => s.Author).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.StartsWith("PRIDE AND PREJUDICE", TextCorpora.PrideAndPrejudice(Datasets));
    }

    [Fact]
    public void Split_is_a_seeded_partition()
    {
        var items = Enumerable.Range(0, 100).ToList();
        var (train, test) = TextCorpora.Split(items, 0.2, seed: 1);
        Assert.Equal(20, test.Count);
        Assert.Equal(items, train.Concat(test).Order());
        Assert.Equal(test, TextCorpora.Split(items, 0.2, seed: 1).test);
        Assert.NotEqual(test, TextCorpora.Split(items, 0.2, seed: 2).test);
    }
}
