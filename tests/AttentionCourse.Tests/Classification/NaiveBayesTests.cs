using AttentionCourse.Classification;

namespace AttentionCourse.Tests.Classification;

public class NaiveBayesTests
{
    [Fact]
    public void The_textbook_example_gives_the_textbooks_estimates_and_class()
    {
        // Manning, Raghavan & Schütze (2008), example 13.1: class 0 = China, class 1 = not China.
        string[][] docs = [["Chinese", "Beijing", "Chinese"], ["Chinese", "Chinese", "Shanghai"], ["Chinese", "Macao"], ["Tokyo", "Japan", "Chinese"]];
        var nb = new NaiveBayes(docs, [0, 0, 0, 1], classes: 2);
        string[] test = ["Chinese", "Chinese", "Chinese", "Tokyo", "Japan"];
        var scores = nb.LogScores(test);
        // P(c) = 3/4, P(Chinese|c) = 6/14 = 3/7, P(Tokyo|c) = P(Japan|c) = 1/14; P(~c) = 1/4, P(Chinese|~c) = 2/9, P(Tokyo|~c) = 2/9.
        Assert.Equal(Math.Log(3 / 4.0 * Math.Pow(3 / 7.0, 3) / 14 / 14), scores[0], 12);
        Assert.Equal(Math.Log(1 / 4.0 * Math.Pow(2 / 9.0, 5)), scores[1], 12);
        Assert.Equal([0L], nb.Predict([test]));
        Assert.Equal(Math.Log(1 / 14.0), nb.UnseenLogLikelihood(0), 12);
    }
}
