using AttentionCourse.Metrics;

namespace AttentionCourse.Responsible;

/// <summary>
/// The privacy experiment of chapter 21. A platform explains a recommendation by naming the user's recent clicks with
/// the largest attention weights, and the weights, but never names a sensitive item. An
/// observer who sees that explanation guesses whether a sensitive item is in the window. Features the observer can read,
/// a one-feature threshold attack fitted on shadow users, and the mitigations the chapter measures.
/// </summary>
public static class ExplanationLeak
{
    /// <summary>The features the observer computes from the shown weights.</summary>
    public static readonly string[] FeatureNames = ["missing mass", "largest weight", "entropy"];

    /// <summary>
    /// The explanation as shown: "because you clicked …" naming the <paramref name="top"/> non-sensitive items of the
    /// window with the largest attention weights, with their weights, largest first.
    /// </summary>
    /// <param name="weights">Attention over the window, (L).</param>
    /// <param name="items">The window's item ids, (L), −1 for padding.</param>
    /// <param name="sensitive">Which items are withheld.</param>
    /// <param name="top">How many items the explanation names; default 3.</param>
    /// <param name="renormalise">Rescale the shown weights to sum to 1 (a display-side mitigation); default false.</param>
    public static double[] Shown(IReadOnlyList<float> weights, IReadOnlyList<int> items, Func<int, bool> sensitive, int top = 3,
        bool renormalise = false)
    {
        var shown = Enumerable.Range(0, items.Count).Where(j => items[j] >= 0 && !sensitive(items[j]))
            .Select(j => (double)weights[j]).OrderByDescending(w => w).Take(top).ToArray();
        double sum = shown.Sum();
        return renormalise && sum > 0 ? shown.Select(w => w / sum).ToArray() : shown;
    }

    /// <summary>Missing mass 1 − Σ shown: what the items not named took, since a softmax row sums to 1.</summary>
    public static double MissingMass(IReadOnlyList<double> shown) => 1 - shown.Sum();

    /// <summary>The observer's features of one shown explanation: missing mass, largest weight, entropy (nats) of the shown weights rescaled to sum 1.</summary>
    public static double[] Features(IReadOnlyList<double> shown)
    {
        double sum = shown.Sum();
        double entropy = sum <= 0 ? 0 : -shown.Where(w => w > 0).Sum(w => w / sum * Math.Log(w / sum));
        return [MissingMass(shown), shown.Count == 0 ? 0 : shown.Max(), entropy];
    }

    /// <summary>Adds Laplace(0, b) noise to each shown weight (a mitigation by noise), clipping at 0.</summary>
    public static double[] WithLaplaceNoise(IReadOnlyList<double> shown, double b, Random random) =>
        shown.Select(w => Math.Max(0, w - b * Math.Sign(random.NextDouble() - 0.5) * Math.Log(1 - 2 * Math.Abs(random.NextDouble() - 0.5)))).ToArray();

    /// <summary>
    /// The observer's attack: on shadow users (whose labels the observer knows, e.g. its own accounts) pick the feature
    /// and direction with the highest AUC and the threshold with the highest accuracy; apply both to the target users.
    /// </summary>
    /// <param name="shadow">Features (n, f) of the shadow users.</param>
    /// <param name="shadowLabels">Whether each shadow user has a sensitive item in the window.</param>
    /// <param name="target">Features of the target users.</param>
    /// <param name="targetLabels">The truth for the target users (used only to score the attack).</param>
    public static AttackResult Attack(double[][] shadow, bool[] shadowLabels, double[][] target, bool[] targetLabels)
    {
        int best = 0;
        double bestAuc = -1, sign = 1;
        for (int f = 0; f < shadow[0].Length; f++)
        {
            double auc = Ranking.Auc(shadow.Select(x => x[f]).ToArray(), shadowLabels);
            if (Math.Max(auc, 1 - auc) > bestAuc) (best, bestAuc, sign) = (f, Math.Max(auc, 1 - auc), auc >= 0.5 ? 1 : -1);
        }
        var s = shadow.Select(x => sign * x[best]).ToArray();
        double threshold = s.Distinct().Append(double.PositiveInfinity)
            .MaxBy(t => s.Select((v, i) => (v >= t) == shadowLabels[i]).Count(ok => ok));
        var t = target.Select(x => sign * x[best]).ToArray();
        double accuracy = t.Select((v, i) => (v >= threshold) == targetLabels[i]).Average(ok => ok ? 1.0 : 0.0);
        double positives = targetLabels.Average(l => l ? 1.0 : 0.0);
        bool constant = shadow.All(x => x.SequenceEqual(shadow[0]));      // nothing to read: every explanation looks the same
        return new AttackResult(constant ? "none (all equal)" : FeatureNames[best], Ranking.Auc(t, targetLabels), accuracy,
            Math.Max(positives, 1 - positives));
    }
}

/// <summary>How well the observer did on the target users.</summary>
/// <param name="Feature">The feature it chose on the shadow users ("none (all equal)" when every shadow explanation is the same).</param>
/// <param name="Auc">AUC of that feature on the targets (0.5 = no information).</param>
/// <param name="Accuracy">Accuracy of its thresholded guess.</param>
/// <param name="Chance">Accuracy of always guessing the more common answer.</param>
public sealed record AttackResult(string Feature, double Auc, double Accuracy, double Chance);
