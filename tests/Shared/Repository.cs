namespace AttentionCourse.TestSupport;

/// <summary>
/// The repository root, found once for every test project (this file is linked into each): the nearest folder
/// above the test binaries that holds course.sln.
/// </summary>
internal static class Repository
{
    /// <summary>The absolute path of the repository root.</summary>
    public static string Root { get; } = Find();

    /// <summary>A path under the root, e.g. <c>Repository.Path("datasets", "README.md")</c>.</summary>
    /// <param name="parts">Path segments below the root.</param>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "course.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("course.sln not found above " + AppContext.BaseDirectory);
    }
}
