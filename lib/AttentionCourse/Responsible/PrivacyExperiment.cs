using AttentionCourse.Metrics;

namespace AttentionCourse.Responsible;

/// <summary>One way of explaining, attacked: what the observer learned and what the recommendations were worth.</summary>
/// <param name="Explanation">What the platform shows.</param>
/// <param name="Feature">The feature the observer picked on its shadow users.</param>
/// <param name="Auc">AUC of the observer's feature on the target users (0.5 = no information).</param>
/// <param name="Accuracy">Accuracy of the observer's guess on the target users.</param>
/// <param name="Chance">Accuracy of always guessing the more common answer.</param>
/// <param name="HitRate">HR@10 of every user's organic next click under the model behind the explanation.</param>
/// <param name="HitRateMinority">The same for the minority group.</param>
public sealed record PrivacyRow(string Explanation, string Feature, double Auc, double Accuracy, double Chance, double HitRate,
    double HitRateMinority);

/// <summary>
/// Chapter 21's privacy experiment on one world: the attention recommender trained on the organic histories explains
/// each user's recommendations with <see cref="ExplanationLeak.Shown"/>; an observer who sees only the shown weights
/// guesses whether a sensitive item (an item of the last niche topic) is in the user's window. Even-numbered users are
/// the observer's shadow users, odd-numbered ones its targets. Rows: the raw weights, two levels of Laplace noise, a
/// model that never sees sensitive items in its input, and names without weights.
/// </summary>
public static class PrivacyExperiment
{
    /// <summary>Runs every row on the world drawn from <paramref name="seed"/>.</summary>
    /// <param name="config">The world's configuration.</param>
    /// <param name="seed">Seed of the world, histories, models and noise.</param>
    /// <param name="window">The model's window L; default 10.</param>
    public static List<PrivacyRow> Run(PopulationConfig config, int seed, int window = 10)
    {
        var p = new Population(config, seed);
        var histories = p.OrganicHistories(new Random(seed));
        bool Sensitive(int i) => p.ItemTopic[i] == config.Topics - 1;
        var labels = histories.Select(h => h.TakeLast(window).Any(Sensitive)).ToArray();
        var heldOutDraw = new Random(seed + 17);
        var heldOut = Enumerable.Range(0, p.Users).Select(u => p.ChooseUnseen(u, histories[u], heldOutDraw)).ToArray();
        var noise = new Random(seed + 29);

        var full = new AttentionRecommender(p.Items, seed, window);
        full.Fit(histories);
        var blind = new AttentionRecommender(p.Items, seed, window, hiddenFromInput: Sensitive);
        blind.Fit(histories);

        PrivacyRow Row(string name, AttentionRecommender model, Func<float[], int[], double[]> show)
        {
            var (scores, weights, items) = model.Explain(histories);
            var features = Enumerable.Range(0, p.Users).Select(u => ExplanationLeak.Features(show(weights[u], items[u]))).ToArray();
            int[] shadow = [.. Enumerable.Range(0, p.Users).Where(u => u % 2 == 0)], target = [.. Enumerable.Range(0, p.Users).Where(u => u % 2 == 1)];
            var attack = ExplanationLeak.Attack(shadow.Select(u => features[u]).ToArray(), shadow.Select(u => labels[u]).ToArray(),
                target.Select(u => features[u]).ToArray(), target.Select(u => labels[u]).ToArray());
            var ranks = Enumerable.Range(0, p.Users).Select(u => FeedbackLoop.RankOf(scores, u, heldOut[u], histories[u])).ToArray();
            return new PrivacyRow(name, attack.Feature, attack.Auc, attack.Accuracy, attack.Chance, Ranking.HitRateAtK(ranks, 10),
                Ranking.HitRateAtK(ranks.Where((_, u) => p.Minority[u]).ToArray(), 10));
        }

        return
        [
            Row("weights of the top 3 named items", full, (w, it) => ExplanationLeak.Shown(w, it, Sensitive)),
            Row("+ Laplace noise, b = 0.05", full, (w, it) => ExplanationLeak.WithLaplaceNoise(ExplanationLeak.Shown(w, it, Sensitive), 0.05, noise)),
            Row("+ Laplace noise, b = 0.2", full, (w, it) => ExplanationLeak.WithLaplaceNoise(ExplanationLeak.Shown(w, it, Sensitive), 0.2, noise)),
            Row("model never sees sensitive items", blind, (w, it) => ExplanationLeak.Shown(w, it, Sensitive)),
            Row("names only, no weights", full, (w, it) => [1.0 / 3, 1.0 / 3, 1.0 / 3]),
            Reference(),
        ];

        // Not an explanation: an observer who knows only the user's group (majority or minority), to read the rows against.
        PrivacyRow Reference()
        {
            double[] Group(int u) => [p.Minority[u] ? 1 : 0, 0, 0];
            int[] shadow = [.. Enumerable.Range(0, p.Users).Where(u => u % 2 == 0)], target = [.. Enumerable.Range(0, p.Users).Where(u => u % 2 == 1)];
            var attack = ExplanationLeak.Attack(shadow.Select(Group).ToArray(), shadow.Select(u => labels[u]).ToArray(),
                target.Select(Group).ToArray(), target.Select(u => labels[u]).ToArray());
            return new PrivacyRow("(reference) the user's group only", "group", attack.Auc, attack.Accuracy, attack.Chance, double.NaN, double.NaN);
        }
    }
}
