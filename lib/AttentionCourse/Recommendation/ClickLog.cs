using System.Globalization;
using Microsoft.Data.Analysis;

namespace AttentionCourse.Recommendation;

/// <summary>
/// Settings of <see cref="ClickLog.Generate"/>, immutable, with documented defaults (chapter 16's data). A catalogue of
/// <see cref="Categories"/> × <see cref="ItemsPerCategory"/> items; every item t has one trigger item τ(t) in another
/// category; a user clicks candidate t with probability σ(b₀ + b_τ·[τ(t) in history] + b_c·[t in a favourite category]).
/// </summary>
/// <param name="Users">Users; default 6000.</param>
/// <param name="Categories">Item categories (at most 8 named ones); default 8.</param>
/// <param name="ItemsPerCategory">Items per category; default 12 (96 items).</param>
/// <param name="MinHistory">Shortest history; default 8.</param>
/// <param name="MaxHistory">Longest history (the padded width L); default 24.</param>
/// <param name="Impressions">Candidates shown to each user; default 8.</param>
/// <param name="TriggeredShare">Chance that a candidate is drawn as the item one of the user's history items triggers; default 0.4.</param>
/// <param name="FavouriteShare">Chance that a history item comes from one of the user's 2 favourite categories; default 0.7.</param>
/// <param name="BaseLogit">b₀; default −2.</param>
/// <param name="TriggerLogit">b_τ, added when the candidate's trigger is in the history; default 3.5.</param>
/// <param name="CategoryLogit">b_c, added when the candidate is in a favourite category; default 1.</param>
public sealed record ClickConfig(int Users = 6000, int Categories = 8, int ItemsPerCategory = 12, int MinHistory = 8,
    int MaxHistory = 24, int Impressions = 8, double TriggeredShare = 0.4, double FavouriteShare = 0.7,
    double BaseLogit = -2.0, double TriggerLogit = 3.5, double CategoryLogit = 1.0);

/// <summary>One impression: a user's history, the candidate shown, the click, and the generator's ground truth.</summary>
/// <param name="User">User id.</param>
/// <param name="History">Item ids (1-based) the user clicked before, oldest first.</param>
/// <param name="Candidate">The candidate item id.</param>
/// <param name="Clicked">Whether the user clicked it.</param>
/// <param name="TrueProbability">The click probability the generator used.</param>
/// <param name="TriggerPosition">Index in <see cref="History"/> of the candidate's trigger item, or −1 if absent.</param>
public sealed record Impression(int User, int[] History, int Candidate, bool Clicked, double TrueProbability, int TriggerPosition);

/// <summary>
/// Chapter 16's synthetic click log, generated from a seed with its ground truth beside it (no real interaction log
/// allows redistribution: MovieLens and the Amazon sets do not). Item ids run 1..N; 0 is padding.
/// </summary>
public sealed class ClickLog
{
    static readonly string[] CategoryNames = ["book", "film", "game", "song", "shoe", "lamp", "tea", "bike"];

    /// <summary>The settings it was generated with.</summary>
    public required ClickConfig Config { get; init; }
    /// <summary>Item names, index = item id; [0] is the padding "·". E.g. "book 07".</summary>
    public required string[] ItemNames { get; init; }
    /// <summary>Category of each item id (−1 for padding).</summary>
    public required int[] Category { get; init; }
    /// <summary>τ: the trigger item of each item id (0 for padding); a bijection with τ(t) in another category than t.</summary>
    public required int[] Trigger { get; init; }
    /// <summary>The impressions, user by user.</summary>
    public required IReadOnlyList<Impression> Impressions { get; init; }

    /// <summary>Number of items N (ids 1..N).</summary>
    public int NumItems => ItemNames.Length - 1;

    /// <summary>Generates the log: catalogue, triggers, users' histories, and <see cref="ClickConfig.Impressions"/> impressions per user.</summary>
    /// <param name="config">Settings.</param>
    /// <param name="seed">Seed of the catalogue's triggers and of the users (same seed, same log).</param>
    /// <param name="firstUser">Id of the first user (so train and test logs from other seeds have distinct ids); default 0.</param>
    public static ClickLog Generate(ClickConfig config, int seed, int firstUser = 0)
    {
        if (config.Categories < 2 || config.Categories > CategoryNames.Length)
            throw new ArgumentOutOfRangeException(nameof(config), $"Categories must be 2..{CategoryNames.Length}.");
        var catalogue = new Random(12345);            // the catalogue and triggers are the same for every seed
        int n = config.Categories * config.ItemsPerCategory;
        var names = new string[n + 1];
        var category = new int[n + 1];
        (names[0], category[0]) = ("·", -1);
        for (int item = 1; item <= n; item++)
        {
            category[item] = (item - 1) / config.ItemsPerCategory;
            names[item] = string.Create(CultureInfo.InvariantCulture,
                $"{CategoryNames[category[item]]} {(item - 1) % config.ItemsPerCategory + 1:00}");
        }
        var trigger = Triggers(category, catalogue);
        var inverse = new int[n + 1];
        for (int item = 1; item <= n; item++) inverse[trigger[item]] = item;

        var random = new Random(seed);
        var impressions = new List<Impression>();
        for (int u = 0; u < config.Users; u++)
        {
            int f1 = random.Next(config.Categories), f2 = (f1 + 1 + random.Next(config.Categories - 1)) % config.Categories;
            bool Favourite(int item) => category[item] == f1 || category[item] == f2;
            int length = random.Next(config.MinHistory, config.MaxHistory + 1);
            var history = new List<int>();
            while (history.Count < length)
            {
                int item = random.NextDouble() < config.FavouriteShare
                    ? ((random.Next(2) == 0 ? f1 : f2) * config.ItemsPerCategory + random.Next(config.ItemsPerCategory) + 1)
                    : random.Next(1, n + 1);
                if (!history.Contains(item)) history.Add(item);
            }
            var shown = new HashSet<int>();
            while (shown.Count < config.Impressions)
            {
                int candidate = random.NextDouble() < config.TriggeredShare
                    ? inverse[history[random.Next(history.Count)]] : random.Next(1, n + 1);
                if (history.Contains(candidate) || !shown.Add(candidate)) continue;
                int position = history.IndexOf(trigger[candidate]);
                double logit = config.BaseLogit + (position >= 0 ? config.TriggerLogit : 0) + (Favourite(candidate) ? config.CategoryLogit : 0);
                double p = 1 / (1 + Math.Exp(-logit));
                impressions.Add(new Impression(firstUser + u, [.. history], candidate, random.NextDouble() < p, p, position));
            }
        }
        return new ClickLog { Config = config, ItemNames = names, Category = category, Trigger = trigger, Impressions = impressions };
    }

    /// <summary>A random bijection τ over items 1..N with τ(t) never in t's category: a shuffle, then swaps that repair clashes.</summary>
    static int[] Triggers(int[] category, Random random)
    {
        int n = category.Length - 1;
        var tau = Enumerable.Range(0, n + 1).ToArray();
        random.Shuffle(tau.AsSpan(1));
        for (bool clean = false; !clean;)
        {
            clean = true;
            for (int t = 1; t <= n; t++)
            {
                if (category[tau[t]] != category[t]) continue;
                clean = false;
                int s = random.Next(1, n + 1);
                if (category[tau[s]] != category[t] && category[tau[t]] != category[s]) (tau[t], tau[s]) = (tau[s], tau[t]);
            }
        }
        return tau;
    }

    /// <summary>The interaction log as a table: one row per (user, history position) with user, position, item, item_name, category.</summary>
    public DataFrame HistoryFrame()
    {
        var (user, position, item, name, cat) = (new Int32DataFrameColumn("user"), new Int32DataFrameColumn("position"),
            new Int32DataFrameColumn("item"), new StringDataFrameColumn("item_name"), new StringDataFrameColumn("category"));
        foreach (var first in Impressions.GroupBy(i => i.User).Select(g => g.First()))
            for (int p = 0; p < first.History.Length; p++)
            {
                user.Append(first.User); position.Append(p); item.Append(first.History[p]);
                name.Append(ItemNames[first.History[p]]); cat.Append(CategoryNames[Category[first.History[p]]]);
            }
        return new DataFrame(user, position, item, name, cat);
    }

    /// <summary>
    /// The impressions as a table with the ground truth beside them: user, candidate, candidate_name, clicked (1 or 0),
    /// true_probability, trigger_position (−1 when the trigger is not in the history), history_length.
    /// </summary>
    public DataFrame ImpressionFrame()
    {
        var (user, cand, name, clicked, p, pos, len) = (new Int32DataFrameColumn("user"), new Int32DataFrameColumn("candidate"),
            new StringDataFrameColumn("candidate_name"), new DoubleDataFrameColumn("clicked"), new DoubleDataFrameColumn("true_probability"),
            new Int32DataFrameColumn("trigger_position"), new Int32DataFrameColumn("history_length"));
        foreach (var i in Impressions)
        {
            user.Append(i.User); cand.Append(i.Candidate); name.Append(ItemNames[i.Candidate]); clicked.Append(i.Clicked ? 1 : 0);
            p.Append(i.TrueProbability); pos.Append(i.TriggerPosition); len.Append(i.History.Length);
        }
        return new DataFrame(user, cand, name, clicked, p, pos, len);
    }

    /// <summary>Writes <c>history.csv</c> and <c>impressions.csv</c> (ground truth included) to <paramref name="directory"/>; returns their paths.</summary>
    /// <param name="directory">Folder, created if missing.</param>
    public (string History, string Impressions) WriteCsv(string directory)
    {
        Directory.CreateDirectory(directory);
        var (h, i) = (Path.Combine(directory, "history.csv"), Path.Combine(directory, "impressions.csv"));
        DataFrame.SaveCsv(HistoryFrame(), h, cultureInfo: CultureInfo.InvariantCulture);
        DataFrame.SaveCsv(ImpressionFrame(), i, cultureInfo: CultureInfo.InvariantCulture);
        return (h, i);
    }
}
