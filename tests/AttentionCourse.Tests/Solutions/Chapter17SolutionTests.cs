using AttentionCourse.Exercises;
using AttentionCourse.Recommendation;
using AttentionCourse.Solutions;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter17SolutionTests
{
    public Chapter17SolutionTests() => T.Init();

    [Fact]
    public void Rank_solution_equals_the_library_ranks_on_tied_count_scores()
    {
        var log = SequenceLog.Generate(new SequenceConfig(Users: 200), seed: 5);
        var split = SequenceSplit.LeaveLastOut(log.Sequences);
        var counts = new CountRecommenders(split.TestHistory, log.NumItems);
        var scores = split.TestHistory.Select(h => counts.ScoreTransition(h)).ToArray();
        var expected = SequenceTraining.FullRanks(scores, split.TestTarget);
        Check.Strict.Close("17.1", () => tensor(split.TestTarget.Select((t, u) => (double)Chapter17.Rank(scores[u], t)).ToArray()),
            tensor(expected.Select(r => (double)r).ToArray()), tolerance: 0);
    }

    [Fact]
    public void Sampled_hit_solution_equals_the_library_probability()
    {
        var ranks = Enumerable.Range(1, 200).ToArray();
        Check.Strict.Close("17.2", () => tensor(ranks.Select(r => Chapter17.SampledHit(r, 199, 100, 10)).ToArray()),
            tensor(ranks.Select(r => SequenceTraining.SampledHitProbability(r, 199, 100, 10)).ToArray()), tolerance: 1e-9);
    }

    [Fact]
    public void Share_on_cause_solution_equals_the_library_measurement()
    {
        var log = SequenceLog.Generate(new SequenceConfig(Users: 100), seed: 6);
        manual_seed(1);
        var weights = rand(100, 30).softmax(-1);
        Check.Strict.Close("17.3", () => Chapter17.ShareOnCause(weights, log), SequenceTraining.ShareOnCause(weights, log).Share);
    }
}
