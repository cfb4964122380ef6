using AttentionCourse.Attention;
using AttentionCourse.Exercises;
using AttentionCourse.Solutions;
using AttentionCourse.Tasks;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Solutions;

public class Chapter07SolutionTests
{
    [Fact]
    public void Exercise_7_1_full_year_agrees_with_the_generators_two_digit_years()
    {
        T.Init();
        var examples = DateFormats.Generate(3000, seed: 5).Where(e => e.Format is 1 or 11).ToList();
        Check.Strict.Close("7.1", () => examples.Count(e => Chapter07.FullYear(int.Parse(e.Source[^2..])) == int.Parse(e.Target[..4])), examples.Count, 0);
        Check.Strict.Close("7.1", () => Chapter07.FullYear(49) * 10000 + Chapter07.FullYear(50), 2049 * 10000 + 1950, 0);
    }

    [Fact]
    public void Exercise_7_2_agreement_equals_the_library_count_on_random_weights()
    {
        T.Init();
        var examples = DateFormats.Generate(50, seed: 9);
        var random = new Random(1);
        foreach (var e in examples)
        {
            var w = new float[11, e.Source.Length + 1];
            for (var i = 0; i < 11; i++) for (var j = 0; j < w.GetLength(1); j++) w[i, j] = (float)random.NextDouble();
            for (var i = 0; i < 10; i++) if (e.Alignment[i].Length > 0 && random.Next(2) == 0) w[i, e.Alignment[i][0]] = 2f;
            var (agree, total) = DateNormalisation.AlignmentAgreement(w, e.Alignment);
            Check.Strict.Close("7.2", () => Chapter07.Agreement(w, e.Alignment), (double)agree / total);
        }
    }

    [Fact]
    public void Exercise_7_3_additive_scores_equal_the_modules_score()
    {
        T.Init();
        var att = new AdditiveAttention(4, 6, 5);
        var (q, k) = (randn(2, 3, 4), randn(2, 7, 6));
        Check.Strict.Close("7.3", () => Chapter07.AdditiveScores(q, k, att.W_q.weight!, att.W_k.weight!, att.w_v.weight!), att.score(q, k));
    }
}
