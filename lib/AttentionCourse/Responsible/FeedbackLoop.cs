using AttentionCourse.Metrics;

namespace AttentionCourse.Responsible;

/// <summary>What one round's slates did, overall and per group (majority / minority).</summary>
/// <param name="Round">0 = the recommender trained on organic clicks only.</param>
/// <param name="Gini">Gini coefficient of item exposure over all slates.</param>
/// <param name="Coverage">Share of the catalogue shown to anyone.</param>
/// <param name="Homogenisation">Mean Jaccard overlap of all pairs of users' slates.</param>
/// <param name="HomogenisationMajority">The same within the majority group.</param>
/// <param name="HomogenisationMinority">The same within the minority group.</param>
/// <param name="UtilityMajority">Mean relative true utility of the majority's slates (1 = oracle).</param>
/// <param name="UtilityMinority">The same for the minority.</param>
/// <param name="NicheShare">Share of all slate positions holding niche items.</param>
public sealed record RoundMeasures(int Round, double Gini, double Coverage, double Homogenisation, double HomogenisationMajority,
    double HomogenisationMinority, double UtilityMajority, double UtilityMinority, double NicheShare);

/// <summary>Recommendation quality per group at one round: HR@k of each user's organic next click, and relative utility.</summary>
/// <param name="HitRateMajority">HR@k of the majority.</param>
/// <param name="HitRateMinority">HR@k of the minority.</param>
/// <param name="UtilityMajority">Relative true utility of the majority's slates.</param>
/// <param name="UtilityMinority">The same for the minority.</param>
public sealed record GroupQuality(double HitRateMajority, double HitRateMinority, double UtilityMajority, double UtilityMinority);

/// <summary>One run of the loop: the measures of every round, and the quality per group at the first and last round.</summary>
/// <param name="Recommender">The recommender's name.</param>
/// <param name="Seed">The seed of the world and the clicks.</param>
/// <param name="Rounds">One entry per round.</param>
/// <param name="Before">Quality at round 0 (trained on organic clicks).</param>
/// <param name="After">Quality at the last round (trained on the clicks it caused).</param>
public sealed record LoopResult(string Recommender, int Seed, IReadOnlyList<RoundMeasures> Rounds, GroupQuality Before, GroupQuality After);

/// <summary>
/// The feedback loop of chapter 21 (after Chaney et al. 2018): each round the recommender is (re)trained on every click so
/// far, shows each user the top k of their unseen items, and each user clicks one of them with the population's choice
/// model; those clicks are the next round's training data. Organic histories, the clicks' random source and the held-out
/// draws depend only on the seed, so different recommenders start from the same users and histories.
/// </summary>
public static class FeedbackLoop
{
    /// <summary>Runs <paramref name="rounds"/> rounds and measures each.</summary>
    /// <param name="population">The simulated users.</param>
    /// <param name="recommender">A fresh recommender.</param>
    /// <param name="rounds">Number of rounds, at least 1.</param>
    /// <param name="seed">Seed of the histories, clicks and held-out draws.</param>
    /// <param name="k">Cut-off of HR@k; default the slate size.</param>
    public static LoopResult Run(Population population, IRecommender recommender, int rounds, int seed, int? k = null)
    {
        var histories = population.OrganicHistories(new Random(seed));
        var clicks = new Random(seed + 1);
        var measures = new List<RoundMeasures>();
        GroupQuality? before = null, after = null;
        for (int r = 0; r < rounds; r++)
        {
            Training.CellInterrupt.ThrowIfRequested("the feedback loop");
            recommender.Fit(histories);
            var scores = recommender.Score(histories);
            var slates = Slates(scores, histories, population.Config.SlateSize);
            measures.Add(Measure(population, r, slates, histories));
            if (r == 0 || r == rounds - 1)
            {
                var quality = Quality(population, scores, histories, slates, k ?? population.Config.SlateSize, new Random(seed * 7919 + r));
                if (r == 0) before = quality;
                if (r == rounds - 1) after = quality;
            }
            for (int u = 0; u < population.Users; u++) histories[u].Add(population.Choose(u, slates[u], clicks));
        }
        return new LoopResult(recommender.Name, seed, measures, before!, after!);
    }

    /// <summary>Each user's top <paramref name="k"/> unseen items by score (ties by id), best first.</summary>
    public static int[][] Slates(float[,] scores, IReadOnlyList<IReadOnlyList<int>> histories, int k) =>
        Enumerable.Range(0, histories.Count).Select(u =>
        {
            var seen = histories[u].ToHashSet();
            return Enumerable.Range(0, scores.GetLength(1)).Where(i => !seen.Contains(i))
                .OrderByDescending(i => scores[u, i]).ThenBy(i => i).Take(k).ToArray();
        }).ToArray();

    /// <summary>The 1-based rank of <paramref name="item"/> among user u's unseen items by score (ties count against it).</summary>
    public static int RankOf(float[,] scores, int u, int item, IReadOnlyCollection<int> seen)
    {
        int rank = 1;
        for (int i = 0; i < scores.GetLength(1); i++)
            if (i != item && !seen.Contains(i) && scores[u, i] >= scores[u, item]) rank++;
        return rank;
    }

    static RoundMeasures Measure(Population p, int round, int[][] slates, List<int>[] histories)
    {
        var users = Enumerable.Range(0, p.Users);
        int[][] Of(bool minority) => users.Where(u => p.Minority[u] == minority).Select(u => slates[u]).ToArray();
        double Utility(bool minority) => users.Where(u => p.Minority[u] == minority)
            .Average(u => ExposureMeasures.RelativeUtility(p, u, slates[u], histories[u]));
        return new RoundMeasures(round,
            ExposureMeasures.Gini(ExposureMeasures.Exposure(slates, p.Items)),
            ExposureMeasures.Coverage(slates, p.Items),
            ExposureMeasures.MeanJaccard(slates), ExposureMeasures.MeanJaccard(Of(false)), ExposureMeasures.MeanJaccard(Of(true)),
            Utility(false), Utility(true),
            slates.SelectMany(s => s).Average(i => p.IsNiche(i) ? 1.0 : 0.0));
    }

    static GroupQuality Quality(Population p, float[,] scores, List<int>[] histories, int[][] slates, int k, Random draw)
    {
        var ranks = Enumerable.Range(0, p.Users).Select(u =>
        {
            var seen = histories[u].ToHashSet();
            return RankOf(scores, u, p.ChooseUnseen(u, seen, draw), seen);
        }).ToArray();
        double Hr(bool minority) => Ranking.HitRateAtK(ranks.Where((_, u) => p.Minority[u] == minority).ToArray(), k);
        double Utility(bool minority) => Enumerable.Range(0, p.Users).Where(u => p.Minority[u] == minority)
            .Average(u => ExposureMeasures.RelativeUtility(p, u, slates[u], histories[u]));
        return new GroupQuality(Hr(false), Hr(true), Utility(false), Utility(true));
    }
}
