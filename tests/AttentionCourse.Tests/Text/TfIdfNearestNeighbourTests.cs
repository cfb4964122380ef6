using AttentionCourse.Text;

namespace AttentionCourse.Tests.Text;

public class TfIdfNearestNeighbourTests
{
    [Fact]
    public void The_nearest_document_is_the_one_of_highest_tfidf_cosine()
    {
        string[][] docs = [["a", "b"], ["c", "d"], ["a", "c"]];
        var index = new TfIdfNearestNeighbour(docs);
        // idf: a, c = ln(3/2), b, d = ln 3. cos(q = a, doc 0) = ln1.5 / sqrt(ln²1.5 + ln²3) < cos(q, doc 2) = 1/sqrt 2.
        Assert.Equal(2, index.Nearest(["a"]));
        Assert.Equal(0, index.Nearest(["b", "a"]));
        Assert.Equal(1, index.Nearest(["d", "unknown"]));
        Assert.Equal(Math.Log(3) * 2, index.Weights(["b", "b", "zzz"])["b"], 12);
    }
}
