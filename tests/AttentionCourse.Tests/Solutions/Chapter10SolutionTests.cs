using AttentionCourse.Exercises;
using AttentionCourse.Gpt;
using AttentionCourse.Solutions;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter10SolutionTests
{
    public Chapter10SolutionTests() => T.Init();

    [Fact]
    public void Causal_mask_with_past_solution_equals_a_mask_written_entry_by_entry()
    {
        foreach (var (t, past) in new[] { (1L, 0L), (3L, 4L), (5L, 0L), (1L, 7L) })
        {
            var byHand = Enumerable.Range(0, (int)t).SelectMany(q => Enumerable.Range(0, (int)(past + t)).Select(s => s <= past + q ? 1f : 0f));
            Check.Strict.Close("10.1", () => Chapter10.CausalMaskWithPast(t, past).to_type(float32),
                tensor(byHand.ToArray()).view(t, past + t));
        }
        // With no past it is the ordinary lower-triangular mask.
        Check.Strict.Close("10.1", () => Chapter10.CausalMaskWithPast(4, 0).to_type(float32), ones(4, 4).tril());
    }

    [Fact]
    public void Temperature_probabilities_solution_matches_the_closed_form()
    {
        Check.Strict.Function("10.2", a => Chapter10.TemperatureProbs(a[0], 0.7), a => (a[0] / 0.7).exp() / (a[0] / 0.7).exp().sum(-1, keepdim: true), [[4, 10]]);
    }

    [Fact]
    public void Prefix_match_targets_solution_equals_a_loop_over_earlier_occurrences()
    {
        var random = new Random(4);
        long[] ids = Enumerable.Range(0, 3 * 12).Select(_ => (long)random.Next(4)).ToArray();
        var expected = new float[3 * 12 * 12];
        for (int b = 0; b < 3; b++)
            for (int t = 0; t < 12; t++)
                for (int j = 0; j < t; j++)
                    if (ids[b * 12 + j] == ids[b * 12 + t]) expected[(b * 12 + t) * 12 + j + 1] = 1;
        Check.Strict.Close("10.4", () => Chapter10.PrefixMatchTargets(tensor(ids).view(3, 12)).to_type(float32), tensor(expected).view(3, 12, 12));
        Check.Strict.Close("10.4", () => PrefixMatching.Targets(tensor(ids).view(3, 12)).to_type(float32), tensor(expected).view(3, 12, 12));
    }

    [Fact]
    public void Bigram_solution_equals_the_library_baseline()
    {
        var random = new Random(3);
        long[] train = Enumerable.Range(0, 500).Select(_ => (long)random.Next(7)).ToArray();
        long[] val = Enumerable.Range(0, 100).Select(_ => (long)random.Next(7)).ToArray();
        Check.Strict.Close("10.3", () => Chapter10.BigramNats(train, val, 7), NgramBaselines.BigramNats(train, val, 7), 1e-12);
    }
}
