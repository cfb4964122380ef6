using System.Globalization;
using Microsoft.Data.Analysis;

namespace AttentionCourse.Recommendation;

/// <summary>
/// Settings of <see cref="SequenceLog.Generate"/> (chapter 17's data), immutable, with documented defaults. Each next item
/// is, with probability <see cref="FollowProbability"/>, a successor of one of the last <see cref="Window"/> items (the
/// cause), chosen with probability proportional to its strength (anchor items are <see cref="AnchorStrength"/> times
/// stronger); otherwise it is drawn by popularity (Zipf). The cause of every item is recorded.
/// </summary>
/// <param name="Users">Users; default 3000.</param>
/// <param name="Genres">Item genres (at most 10 named ones); default 10.</param>
/// <param name="ItemsPerGenre">Items per genre; default 20 (200 items).</param>
/// <param name="MinLength">Shortest sequence; default 12.</param>
/// <param name="MaxLength">Longest sequence; default 30.</param>
/// <param name="Window">How many recent items can cause the next one; default 4.</param>
/// <param name="Successors">Successors per item (one is drawn uniformly); default 2.</param>
/// <param name="AnchorShare">Share of items that are anchors; default 0.2.</param>
/// <param name="AnchorStrength">Strength of an anchor (others have 1); default 8.</param>
/// <param name="FollowProbability">Chance that the next item follows a cause rather than popularity; default 0.75.</param>
/// <param name="PopularityExponent">Zipf exponent of popularity; default 1.</param>
public sealed record SequenceConfig(int Users = 3000, int Genres = 10, int ItemsPerGenre = 20, int MinLength = 12,
    int MaxLength = 30, int Window = 4, int Successors = 2, double AnchorShare = 0.2, double AnchorStrength = 8,
    double FollowProbability = 0.75, double PopularityExponent = 1.0);

/// <summary>
/// Chapter 17's synthetic interaction sequences, generated from a seed with the hidden process's ground truth beside
/// them: the cause of each item (the earlier position whose successor it is, or −1 for a popularity draw) and the
/// true next-item distribution. Item ids run 1..N; 0 is padding.
/// </summary>
public sealed class SequenceLog
{
    static readonly string[] GenreNames = ["jazz", "rock", "folk", "soul", "punk", "funk", "opera", "blues", "disco", "metal"];

    /// <summary>The settings.</summary>
    public required SequenceConfig Config { get; init; }
    /// <summary>Item names, index = id; anchors end in "*"; [0] is "·".</summary>
    public required string[] ItemNames { get; init; }
    /// <summary>Whether each item id is an anchor.</summary>
    public required bool[] IsAnchor { get; init; }
    /// <summary>Successors of each item id (empty for 0).</summary>
    public required int[][] Successors { get; init; }
    /// <summary>Popularity distribution over ids (index 0 has 0).</summary>
    public required double[] Popularity { get; init; }
    /// <summary>Each user's sequence of item ids, oldest first.</summary>
    public required int[][] Sequences { get; init; }
    /// <summary>For each user and position, the position of the item that caused it, or −1 (popularity).</summary>
    public required int[][] Causes { get; init; }

    /// <summary>Items N.</summary>
    public int NumItems => ItemNames.Length - 1;

    /// <summary>Generates the catalogue (fixed for every seed) and the users' sequences (from <paramref name="seed"/>).</summary>
    /// <param name="config">Settings.</param>
    /// <param name="seed">Seed of the sequences.</param>
    public static SequenceLog Generate(SequenceConfig config, int seed)
    {
        if (config.Genres < 1 || config.Genres > GenreNames.Length)
            throw new ArgumentOutOfRangeException(nameof(config), $"Genres must be 1..{GenreNames.Length}.");
        var catalogue = new Random(54321);
        int n = config.Genres * config.ItemsPerGenre;
        var anchor = new bool[n + 1];
        var names = new string[n + 1];
        names[0] = "·";
        for (int i = 1; i <= n; i++)
        {
            anchor[i] = catalogue.NextDouble() < config.AnchorShare;
            names[i] = string.Create(CultureInfo.InvariantCulture,
                $"{GenreNames[(i - 1) / config.ItemsPerGenre]} {(i - 1) % config.ItemsPerGenre + 1:00}{(anchor[i] ? "*" : "")}");
        }
        var successors = new int[n + 1][];
        successors[0] = [];
        for (int i = 1; i <= n; i++)
        {
            var s = new List<int>();
            while (s.Count < config.Successors)
            {
                int j = catalogue.Next(1, n + 1);
                if (j != i && !s.Contains(j)) s.Add(j);
            }
            successors[i] = [.. s];
        }
        var rankOf = Enumerable.Range(1, n).ToArray();
        catalogue.Shuffle(rankOf);
        var popularity = new double[n + 1];
        for (int r = 0; r < n; r++) popularity[rankOf[r]] = Math.Pow(r + 1, -config.PopularityExponent);
        var total = popularity.Sum();
        for (int i = 1; i <= n; i++) popularity[i] /= total;

        var log = new SequenceLog
        {
            Config = config, ItemNames = names, IsAnchor = anchor, Successors = successors, Popularity = popularity,
            Sequences = new int[config.Users][], Causes = new int[config.Users][],
        };
        var random = new Random(seed);
        for (int u = 0; u < config.Users; u++)
        {
            int length = random.Next(config.MinLength, config.MaxLength + 1);
            var (items, causes) = (new int[length], new int[length]);
            for (int t = 0; t < length; t++)
            {
                causes[t] = t > 0 && random.NextDouble() < config.FollowProbability ? log.DrawCause(items, t, random) : -1;
                items[t] = causes[t] < 0 ? Draw(popularity, random) : successors[items[causes[t]]][random.Next(config.Successors)];
            }
            (log.Sequences[u], log.Causes[u]) = (items, causes);
        }
        return log;
    }

    double Strength(int item) => IsAnchor[item] ? Config.AnchorStrength : 1.0;

    int DrawCause(int[] items, int t, Random random)
    {
        int from = Math.Max(0, t - Config.Window);
        double u = random.NextDouble() * Enumerable.Range(from, t - from).Sum(j => Strength(items[j]));
        for (int j = from; j < t; j++)
            if ((u -= Strength(items[j])) < 0) return j;
        return t - 1;
    }

    static int Draw(double[] p, Random random)
    {
        double u = random.NextDouble();
        for (int i = 1; i < p.Length; i++)
            if ((u -= p[i]) < 0) return i;
        return p.Length - 1;
    }

    /// <summary>
    /// The true distribution of the next item after <paramref name="history"/>: P(i) = (1 − f)·pop(i) + f·Σ_j s_j / Σ s ·
    /// [i ∈ succ(h_j)] / |succ|, over the last <see cref="SequenceConfig.Window"/> items j with strengths s. The oracle's scores.
    /// </summary>
    /// <param name="history">Item ids so far, oldest first (at least one).</param>
    /// <returns>Probabilities indexed by item id (index 0 is 0).</returns>
    public double[] NextDistribution(IReadOnlyList<int> history)
    {
        var p = Popularity.Select(x => x * (1 - Config.FollowProbability)).ToArray();
        int from = Math.Max(0, history.Count - Config.Window);
        double total = 0;
        for (int j = from; j < history.Count; j++) total += Strength(history[j]);
        for (int j = from; j < history.Count; j++)
            foreach (var s in Successors[history[j]])
                p[s] += Config.FollowProbability * Strength(history[j]) / total / Successors[history[j]].Length;
        return p;
    }

    /// <summary>The log as a table, one row per interaction: user, position, item, item_name, anchor, cause_position (−1 = popularity).</summary>
    public DataFrame Frame()
    {
        var (user, pos, item, name, anchor, cause) = (new Int32DataFrameColumn("user"), new Int32DataFrameColumn("position"),
            new Int32DataFrameColumn("item"), new StringDataFrameColumn("item_name"), new BooleanDataFrameColumn("anchor"),
            new Int32DataFrameColumn("cause_position"));
        for (int u = 0; u < Sequences.Length; u++)
            for (int t = 0; t < Sequences[u].Length; t++)
            {
                user.Append(u); pos.Append(t); item.Append(Sequences[u][t]); name.Append(ItemNames[Sequences[u][t]]);
                anchor.Append(IsAnchor[Sequences[u][t]]); cause.Append(Causes[u][t]);
            }
        return new DataFrame(user, pos, item, name, anchor, cause);
    }

    /// <summary>Writes <c>interactions.csv</c> (ground-truth causes included) to <paramref name="directory"/>; returns its path.</summary>
    /// <param name="directory">Folder, created if missing.</param>
    public string WriteCsv(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "interactions.csv");
        DataFrame.SaveCsv(Frame(), path, cultureInfo: CultureInfo.InvariantCulture);
        return path;
    }
}
