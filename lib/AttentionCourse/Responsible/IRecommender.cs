namespace AttentionCourse.Responsible;

/// <summary>
/// A recommender in the feedback loop of chapter 21: retrained on the users' click histories each round, then asked for
/// a score per (user, item). The loop turns scores into slates (top k of the unseen items).
/// </summary>
public interface IRecommender
{
    /// <summary>Short name for tables and legends.</summary>
    string Name { get; }

    /// <summary>(Re)trains on the histories as they are now.</summary>
    /// <param name="histories">One click list per user, oldest first.</param>
    void Fit(IReadOnlyList<IReadOnlyList<int>> histories);

    /// <summary>Scores every item for every user; higher = recommend first.</summary>
    /// <param name="histories">One click list per user, oldest first.</param>
    /// <returns>(U, N).</returns>
    float[,] Score(IReadOnlyList<IReadOnlyList<int>> histories);
}

/// <summary>Recommends the most clicked items: score = the item's click count over all histories (ties broken by id).</summary>
/// <param name="items">Catalogue size N.</param>
public sealed class PopularityRecommender(int items) : IRecommender
{
    double[] counts = new double[items];

    /// <inheritdoc/>
    public string Name => "popularity";

    /// <inheritdoc/>
    public void Fit(IReadOnlyList<IReadOnlyList<int>> histories) =>
        counts = ExposureMeasures.Exposure(histories, items);

    /// <inheritdoc/>
    public float[,] Score(IReadOnlyList<IReadOnlyList<int>> histories)
    {
        var scores = new float[histories.Count, items];
        for (int u = 0; u < histories.Count; u++)
            for (int i = 0; i < items; i++) scores[u, i] = (float)(counts[i] - 1e-4 * i);
        return scores;
    }
}

/// <summary>Recommends at random: fresh uniform scores every call, from a seeded source.</summary>
/// <param name="items">Catalogue size N.</param>
/// <param name="seed">Seed of the scores.</param>
public sealed class RandomRecommender(int items, int seed) : IRecommender
{
    readonly Random random = new(seed);

    /// <inheritdoc/>
    public string Name => "random";

    /// <inheritdoc/>
    public void Fit(IReadOnlyList<IReadOnlyList<int>> histories) { }

    /// <inheritdoc/>
    public float[,] Score(IReadOnlyList<IReadOnlyList<int>> histories)
    {
        var scores = new float[histories.Count, items];
        for (int u = 0; u < histories.Count; u++)
            for (int i = 0; i < items; i++) scores[u, i] = random.NextSingle();
        return scores;
    }
}

/// <summary>
/// The oracle that knows every user's true utility (Chaney et al. 2018's "ideal" recommender): score = u(u, i). The
/// reference the other recommenders' homogenisation and utility are read against.
/// </summary>
/// <param name="population">The world whose utilities it reads.</param>
public sealed class IdealRecommender(Population population) : IRecommender
{
    /// <inheritdoc/>
    public string Name => "ideal";

    /// <inheritdoc/>
    public void Fit(IReadOnlyList<IReadOnlyList<int>> histories) { }

    /// <inheritdoc/>
    public float[,] Score(IReadOnlyList<IReadOnlyList<int>> histories) => (float[,])population.Utility.Clone();
}
