using AttentionCourse.Exercises;
using AttentionCourse.Memory;
using AttentionCourse.Solutions;
using AttentionCourse.Tasks;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter11SolutionTests
{
    public Chapter11SolutionTests() => T.Init();

    [Theory]
    [InlineData(5, 8)]
    [InlineData(1, 3)]
    public void Position_encoding_solution_equals_the_library_matrix(int J, int d)
    {
        Check.Strict.Close("11.1", () => Chapter11.PositionEncodingMatrix(J, d), PositionEncoding.Matrix(J, d));
    }

    [Fact]
    public void Memory_hop_solution_equals_the_library_hop()
    {
        Check.Strict.Function("11.2", a => Chapter11.MemoryHop(a[0], a[1], a[2], a[3].gt(-0.5)),
            a => MemoryNetwork.Hop(a[0], a[1], a[2], a[3].gt(-0.5)).o, [[3, 8], [3, 6, 8], [3, 6, 8], [3, 6]]);
    }

    [Theory]
    [InlineData(BabiTask.SingleSupportingFact)]
    [InlineData(BabiTask.TwoSupportingFacts)]
    public void Rule_based_answers_are_right_on_every_generated_story(BabiTask task)
    {
        var stories = BabiStories.Generate(task, 1000, seed: 2);
        Check.Strict.Close("11.3", () => stories.Average(s => Chapter11.AnswerByRules(s) == s.Answer ? 1.0 : 0.0), 1.0, tolerance: 0);
    }

    [Fact]
    public void Hop_on_gold_solution_equals_the_library_metric()
    {
        var stories = BabiStories.Generate(BabiTask.TwoSupportingFacts, 50, seed: 3);
        var random = new Random(4);
        var weights = stories.Select(s => Enumerable.Range(0, 3).Select(_ => s.Sentences.Select(_ => random.NextSingle()).ToArray()).ToArray()).ToArray();
        Check.Strict.Close("11.4", () => tensor(Chapter11.HopOnGold(weights, stories)), tensor(MemoryTraining.HopOnGold(weights, stories)));
    }
}
