using System.Globalization;
using AttentionCourse.Display;
using static TorchSharp.torch;

namespace AttentionCourse.Recommendation;

/// <summary>The figures and small summaries of chapters 16 and 17: attention over a user's history, labelled with item names.</summary>
public static class RecommendationFigures
{
    /// <summary>"mean ± sd" over seeds (population standard deviation), or the value alone for one run.</summary>
    /// <param name="values">One value per seed.</param>
    /// <param name="format">Number format; default "F4".</param>
    public static string MeanSpread(IEnumerable<double> values, string format = "F4")
    {
        var a = values.ToArray();
        double m = a.Average(), sd = Math.Sqrt(a.Average(x => (x - m) * (x - m)));
        var c = CultureInfo.InvariantCulture;
        return a.Length == 1 ? m.ToString(format, c) : $"{m.ToString(format, c)} ± {sd.ToString(format, c)}";
    }

    /// <summary>
    /// One user's DIN weights (chapter 16): a row per candidate shown to the user, labelled "candidate → its trigger" with
    /// "*" when the trigger is in the history; a column per history item; colour = the item's share of Σ_j |w_j| in the row.
    /// </summary>
    /// <param name="log">The log the impressions come from.</param>
    /// <param name="weights">Per impression of <paramref name="log"/>, one weight per history item.</param>
    /// <param name="user">The user.</param>
    /// <param name="title">Chart title.</param>
    public static Figure UserWeights(ClickLog log, IReadOnlyList<float[]> weights, int user, string title)
    {
        var rows = Enumerable.Range(0, log.Impressions.Count).Where(r => log.Impressions[r].User == user).ToArray();
        if (rows.Length == 0) throw new ArgumentException($"User {user} has no impression in this log.", nameof(user));
        var history = log.Impressions[rows[0]].History;
        var share = new double[rows.Length, history.Length];
        for (int r = 0; r < rows.Length; r++)
        {
            double sum = Math.Max(weights[rows[r]].Sum(x => Math.Abs(x)), 1e-12);
            for (int j = 0; j < history.Length; j++) share[r, j] = Math.Abs(weights[rows[r]][j]) / sum;
        }
        var rowLabels = rows.Select(r => log.Impressions[r]).Select(i =>
            $"{log.ItemNames[i.Candidate]} → {log.ItemNames[log.Trigger[i.Candidate]]}{(i.TriggerPosition >= 0 ? " *" : "")}").ToList();
        return Figures.Heatmap(share, rowLabels, history.Select(h => log.ItemNames[h]).ToList(), title,
            "history item (oldest first)", "candidate → its trigger", min: 0, max: 1, colorBarTitle: "share of |w| in the row");
    }

    /// <summary>
    /// The last position's attention over one user's test history in every block (chapter 17): a row per block, a
    /// column per history item (anchors end in "*"), the cause of the test item in brackets.
    /// </summary>
    /// <param name="log">The log.</param>
    /// <param name="attention">(blocks, U, T) from <see cref="SequenceTraining.LastPositionAttention"/> on the test histories.</param>
    /// <param name="user">The user.</param>
    public static Figure LastPosition(SequenceLog log, Tensor attention, int user)
    {
        var seq = log.Sequences[user];
        var history = seq[..^1];
        int T = (int)attention.shape[2], H = Math.Min(T, history.Length), cause = log.Causes[user][^1];
        var labels = history[^H..].Select((item, j) => j + history.Length - H == cause ? $"[{log.ItemNames[item]}]" : log.ItemNames[item]).ToList();
        var blocks = Enumerable.Range(1, (int)attention.shape[0]).Select(b => $"block {b}").ToList();
        return Figures.Heatmap(attention[.., user, (T - H)..], blocks, labels,
            $"User {user}: the last position's attention; next item {log.ItemNames[seq[^1]]}", "history item (oldest first)", "last position");
    }
}
