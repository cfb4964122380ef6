namespace AttentionCourse.Responsible;

/// <summary>
/// The simulated world of chapter 21: topics, items and users with true preferences (in the spirit of Chaney, Stewart
/// and Engelhardt 2018, "How algorithmic confounding in recommendation systems increases homogeneity and decreases
/// utility"). The last <see cref="NicheTopics"/> topics are niche: few items cover them, and the minority group prefers
/// them. Defaults are the chapter's world.
/// </summary>
/// <param name="Items">Catalogue size N; default 100.</param>
/// <param name="Users">Population size U; default 300.</param>
/// <param name="MinorityShare">Share of users in the minority group; default 0.2.</param>
/// <param name="Topics">Number of latent topics K; default 6.</param>
/// <param name="NicheTopics">How many of them are niche (the last ones); default 2.</param>
/// <param name="NicheItemShare">Share of the catalogue whose main topic is niche; default 0.2.</param>
/// <param name="Temperature">τ of the users' choice, p(i) ∝ exp(utility_i / τ); default 0.05.</param>
/// <param name="InitialClicks">Organic clicks per user before any recommender exists; default 8.</param>
/// <param name="SlateSize">Items recommended to each user per round, k; default 10.</param>
public sealed record PopulationConfig(int Items = 100, int Users = 300, double MinorityShare = 0.2, int Topics = 6,
    int NicheTopics = 2, double NicheItemShare = 0.2, double Temperature = 0.05, int InitialClicks = 8, int SlateSize = 10)
{
    /// <summary>A small world for tests: 40 items, 60 users.</summary>
    public static PopulationConfig Tiny { get; } = new(Items: 40, Users: 60, InitialClicks: 5, SlateSize: 5);
}
