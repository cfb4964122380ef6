using AttentionCourse.Exercises;
using AttentionCourse.Responsible;
using AttentionCourse.Solutions;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter21SolutionTests
{
    public Chapter21SolutionTests() => T.Init();

    [Fact]
    public void Gini_solution_equals_the_library_on_hand_cases_and_loop_exposures()
    {
        var p = new Population(PopulationConfig.Tiny, seed: 0);
        var slates = FeedbackLoop.Slates(new PopularityRecommender(p.Items).Score(p.OrganicHistories(new Random(0))), p.OrganicHistories(new Random(0)), 5);
        double[][] xs = [[2, 2, 2], [0, 0, 5, 0], [1, 2, 3], ExposureMeasures.Exposure(slates, p.Items)];
        Check.Strict.Close("21.1", () => tensor(xs.Select(Chapter21.Gini).ToArray()), tensor(xs.Select(ExposureMeasures.Gini).ToArray()), tolerance: 1e-12);
    }

    [Fact]
    public void Mean_jaccard_solution_equals_the_library_on_random_slates()
    {
        var random = new Random(1);
        var slates = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 30).OrderBy(_ => random.Next()).Take(6).ToArray()).ToArray();
        Check.Strict.Close("21.2", () => Chapter21.MeanJaccard(slates), ExposureMeasures.MeanJaccard(slates), tolerance: 1e-12);
        Check.Strict.Close("21.2", () => Chapter21.MeanJaccard([[1, 2, 3], [2, 3, 4], [4, 7, 8]]), 0.7 / 3, tolerance: 1e-12);
    }

    [Fact]
    public void Shown_solution_equals_the_library_explanation()
    {
        var random = new Random(2);
        var weights = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, 10).Select(_ => random.NextSingle()).ToArray()).ToArray();
        var items = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, 10).Select(_ => random.Next(-1, 20)).ToArray()).ToArray();
        Func<int, bool> sensitive = i => i % 5 == 0;
        Check.Strict.Close("21.3", () => tensor(Enumerable.Range(0, 50).SelectMany(u => Chapter21.Shown(weights[u], items[u], sensitive)).ToArray()),
            tensor(Enumerable.Range(0, 50).SelectMany(u => ExplanationLeak.Shown(weights[u], items[u], sensitive)).ToArray()), tolerance: 0);
    }
}
