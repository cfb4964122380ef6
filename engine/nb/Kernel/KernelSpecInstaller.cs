using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AttentionCourse.Notebooks.Cli.Kernel;

/// <summary>
/// Writes and removes the kernelspec (<c>kernels/NAME/kernel.json</c>) that lets Jupyter front ends
/// start this kernel, in the places Jupyter looks: per user, under a prefix, or system-wide.
/// </summary>
internal static partial class KernelSpecInstaller
{
    /// <summary>The default kernelspec name.</summary>
    public const string DefaultName = "csharp-attention-course";

    /// <summary>The default display name.</summary>
    public const string DefaultDisplayName = "C# (Attention course)";

    /// <summary>The name Polyglot Notebooks writes into course notebooks' metadata.</summary>
    public const string PolyglotName = ".net-csharp";

    /// <summary>
    /// The display name for a spec called <paramref name="name"/>: under Polyglot's name it is Polyglot's
    /// ".NET (C#)", so a front end that rewrites the notebook's kernelspec on save writes it unchanged.
    /// </summary>
    public static string DefaultDisplayNameFor(string name) => name == PolyglotName ? ".NET (C#)" : DefaultDisplayName;

    /// <summary>Marks a kernel.json as ours, so install and uninstall never clobber another kernel's spec.</summary>
    const string Marker = "attention_course_kernel";

    /// <summary>
    /// The kernels directory for a scope. User: <c>$JUPYTER_DATA_DIR</c>, else
    /// <c>~/.local/share/jupyter</c> (or <c>$XDG_DATA_HOME/jupyter</c>) on Linux,
    /// <c>~/Library/Jupyter</c> on macOS, <c>%APPDATA%\jupyter</c> on Windows. Prefix:
    /// <c>DIR/share/jupyter</c>. System (neither): <c>/usr/local/share/jupyter</c>, or
    /// <c>%PROGRAMDATA%\jupyter</c> on Windows. Each followed by <c>kernels</c>.
    /// </summary>
    public static string KernelsDirectory(bool user, string? prefix)
    {
        string data;
        if (prefix is not null) data = Path.Combine(Path.GetFullPath(prefix), "share", "jupyter");
        else if (user) data = UserDataDirectory();
        else if (OperatingSystem.IsWindows()) data = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "jupyter");
        else data = "/usr/local/share/jupyter";
        return Path.Combine(data, "kernels");
    }

    static string UserDataDirectory()
    {
        var explicitDir = Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR");
        if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows()) return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
        if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Jupyter");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "jupyter");
    }

    /// <summary>The kernel.json content: argv runs <paramref name="nbDll"/> with <paramref name="dotnet"/>.</summary>
    public static JsonObject Spec(string displayName, string dotnet, string nbDll) => new()
    {
        ["argv"] = new JsonArray(dotnet, nbDll, "kernel", "start", "-f", "{connection_file}"),
        ["display_name"] = displayName,
        ["language"] = "C#",
        ["interrupt_mode"] = "message",
        ["metadata"] = new JsonObject { [Marker] = true },
    };

    /// <summary>
    /// Writes <c>kernelsDir/name/kernel.json</c> and returns the spec directory. Refuses to replace a
    /// spec this installer did not write (e.g. .NET Interactive's own <c>.net-csharp</c>) unless
    /// <paramref name="force"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A foreign spec exists, or the name is not a valid kernel name.</exception>
    public static string Install(string kernelsDir, string name, string displayName, string dotnet, string nbDll, bool force)
    {
        var dir = SpecDirectory(kernelsDir, name);
        if (!force && File.Exists(Path.Combine(dir, "kernel.json")) && !IsOurs(dir))
            throw new InvalidOperationException($"{dir} holds another kernel's spec; pass --force to replace it");
        Directory.CreateDirectory(dir);
        var json = Spec(displayName, dotnet, nbDll).ToJsonString(new() { WriteIndented = true });
        File.WriteAllText(Path.Combine(dir, "kernel.json"), json + "\n");
        return dir;
    }

    /// <summary>Removes the spec directory if it is ours (or <paramref name="force"/>); false if there was none.</summary>
    /// <exception cref="InvalidOperationException">The spec belongs to another kernel.</exception>
    public static bool Uninstall(string kernelsDir, string name, bool force)
    {
        var dir = SpecDirectory(kernelsDir, name);
        if (!Directory.Exists(dir)) return false;
        if (!force && !IsOurs(dir))
            throw new InvalidOperationException($"{dir} holds another kernel's spec; pass --force to remove it");
        Directory.Delete(dir, recursive: true);
        return true;
    }

    static string SpecDirectory(string kernelsDir, string name) =>
        KernelName().IsMatch(name)
            ? Path.Combine(kernelsDir, name)
            : throw new InvalidOperationException($"'{name}' is not a valid kernel name (letters, digits, '.', '_', '-')");

    static bool IsOurs(string dir)
    {
        try
        {
            var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "kernel.json")));
            return spec?["metadata"]?[Marker] is JsonValue v && v.TryGetValue<bool>(out var ours) && ours;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex KernelName();
}
