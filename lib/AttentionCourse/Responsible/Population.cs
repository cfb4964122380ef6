namespace AttentionCourse.Responsible;

/// <summary>
/// A population of simulated users with true preferences over a catalogue. Item i has a topic mixture β_i and user u a
/// preference θ_u, both drawn from Dirichlet distributions; the true utility is u(u, i) = θ_u · β_i ∈ [0, 1]. Majority
/// users favour the mainstream topics, minority users the niche ones. A user shown a set of items picks one with
/// probability ∝ exp(u(u, i) / τ) (a softmax choice). Everything is drawn from one seed. Used in chapter 21.
/// </summary>
public sealed class Population
{
    /// <summary>The configuration it was drawn from.</summary>
    public PopulationConfig Config { get; }
    /// <summary>True utility θ_u · β_i, (U, N).</summary>
    public float[,] Utility { get; }
    /// <summary>True for users of the minority group, (U).</summary>
    public bool[] Minority { get; }
    /// <summary>Each item's main topic (the argmax of β_i), (N); topics ≥ K − NicheTopics are niche.</summary>
    public int[] ItemTopic { get; }

    /// <summary>Number of users U.</summary>
    public int Users => Config.Users;
    /// <summary>Number of items N.</summary>
    public int Items => Config.Items;

    /// <summary>Draws the world: item topics and mixtures, users' groups and preferences.</summary>
    /// <param name="config">Sizes and shares.</param>
    /// <param name="seed">Seed of the draw.</param>
    public Population(PopulationConfig config, int seed)
    {
        Config = config;
        var random = new Random(seed);
        int K = config.Topics, niche0 = K - config.NicheTopics, nicheItems = (int)Math.Round(config.Items * config.NicheItemShare);
        ItemTopic = new int[config.Items];
        var beta = new double[config.Items][];
        for (int i = 0; i < config.Items; i++)
        {
            bool niche = i >= config.Items - nicheItems;            // the last items are the niche ones
            ItemTopic[i] = niche ? niche0 + i % config.NicheTopics : i % niche0;
            beta[i] = Dirichlet.Sample(Enumerable.Range(0, K).Select(t => t == ItemTopic[i] ? 4.0 : 0.2).ToArray(), random);
        }
        int minority = (int)Math.Round(config.Users * config.MinorityShare);
        Minority = Enumerable.Range(0, config.Users).Select(u => u >= config.Users - minority).ToArray();
        Utility = new float[config.Users, config.Items];
        for (int u = 0; u < config.Users; u++)
        {
            var theta = Dirichlet.Sample(Enumerable.Range(0, K).Select(t => (t >= niche0) == Minority[u] ? 0.6 : 0.05).ToArray(), random);
            for (int i = 0; i < config.Items; i++)
                Utility[u, i] = (float)theta.Zip(beta[i], (a, b) => a * b).Sum();
        }
    }

    /// <summary>True when item i's main topic is niche.</summary>
    public bool IsNiche(int item) => ItemTopic[item] >= Config.Topics - Config.NicheTopics;

    /// <summary>A short label for figures: "#93 t6", the item's id and its main topic (1-based).</summary>
    public string Label(int item) => $"#{item} t{ItemTopic[item] + 1}";

    /// <summary>User u's choice among <paramref name="shown"/>: item i with probability ∝ exp(u(u, i) / τ).</summary>
    /// <param name="user">The user.</param>
    /// <param name="shown">The items on offer (at least one).</param>
    /// <param name="random">The source of the draw.</param>
    public int Choose(int user, IReadOnlyList<int> shown, Random random)
    {
        var w = shown.Select(i => Math.Exp(Utility[user, i] / Config.Temperature)).ToArray();
        double r = random.NextDouble() * w.Sum();
        for (int j = 0; j < w.Length; j++)
            if ((r -= w[j]) <= 0) return shown[j];
        return shown[^1];
    }

    /// <summary>
    /// Histories before any recommender: each user picks <see cref="PopulationConfig.InitialClicks"/> items one after
    /// another from the whole unseen catalogue with <see cref="Choose"/>.
    /// </summary>
    /// <param name="random">The source of the draws.</param>
    /// <returns>One click list per user, oldest first.</returns>
    public List<int>[] OrganicHistories(Random random)
    {
        var histories = new List<int>[Users];
        for (int u = 0; u < Users; u++)
        {
            histories[u] = [];
            for (int c = 0; c < Config.InitialClicks; c++) histories[u].Add(ChooseUnseen(u, histories[u], random));
        }
        return histories;
    }

    /// <summary>The item user u would pick from the whole catalogue minus <paramref name="seen"/> (their organic next click).</summary>
    public int ChooseUnseen(int user, IReadOnlyCollection<int> seen, Random random) =>
        Choose(user, Enumerable.Range(0, Items).Where(i => !seen.Contains(i)).ToList(), random);

    /// <summary>The oracle's slate: user u's k unseen items of highest true utility.</summary>
    public int[] IdealSlate(int user, IReadOnlyCollection<int> seen, int k) =>
        Enumerable.Range(0, Items).Where(i => !seen.Contains(i)).OrderByDescending(i => Utility[user, i]).ThenBy(i => i).Take(k).ToArray();
}
