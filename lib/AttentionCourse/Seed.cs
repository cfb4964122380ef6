using TorchSharp;

namespace AttentionCourse;

/// <summary>Reproducibility: one call seeds TorchSharp and the course's .NET random source.</summary>
public static class Seed
{
    static Random _random = new(0);

    /// <summary>The course's .NET random source, reset by <see cref="Everything"/>. Use it instead of <see cref="Random.Shared"/>, which cannot be seeded.</summary>
    public static Random Random => _random;

    /// <summary>Seeds <c>torch.manual_seed</c>, CUDA's generators when present, and <see cref="Random"/>. Default seed in the notebooks: 0.</summary>
    public static void Everything(int seed)
    {
        Devices.EnsureNative();
        torch.manual_seed(seed);
        if (Devices.IsAvailable(torch.cuda.is_available))
            torch.cuda.manual_seed_all(seed);
        _random = new Random(seed);
    }
}
