using AttentionCourse.Exercises;
using AttentionCourse.Recommendation;
using AttentionCourse.Solutions;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter16SolutionTests
{
    public Chapter16SolutionTests() => T.Init();

    [Fact]
    public void Gauc_solution_equals_the_library_gauc()
    {
        var log = ClickLog.Generate(new ClickConfig(Users: 300), seed: 7);
        var data = ClickTensors.From(log.Impressions);
        var random = new Random(1);
        var scores = log.Impressions.Select(i => i.TrueProbability + 0.3 * random.NextDouble()).ToArray();
        var labels = ClickTraining.Labels(data);
        Check.Strict.Close("16.1", () => Chapter16.Gauc(scores, labels, data.Users), ClickTraining.Gauc(scores, labels, data.Users));
    }

    [Fact]
    public void Unit_features_solution_equals_the_library_features()
    {
        Check.Strict.Function("16.2", a => Chapter16.UnitFeatures(a[0], a[1]), a => ActivationUnit.Features(a[0], a[1]), [[3, 5, 4], [3, 4]]);
    }

    [Fact]
    public void Trigger_share_solution_equals_the_library_measurement()
    {
        var log = ClickLog.Generate(new ClickConfig(Users: 100), seed: 8);
        var random = new Random(2);
        var weights = log.Impressions.Select(i => i.History.Select(_ => (float)(random.NextDouble() - 0.3)).ToArray()).ToArray();
        Check.Strict.Close("16.3", () => Chapter16.TriggerShare(weights, log.Impressions), ClickTraining.TriggerShare(weights, log.Impressions).MeanShare);
    }
}
