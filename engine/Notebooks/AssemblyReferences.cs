using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace AttentionCourse.Notebooks;

/// <summary>
/// Loads the assemblies a notebook references (<c>#r "path.dll"</c> and NuGet packages) into the
/// default load context, as .NET Interactive does, so that a library and the notebook share one copy
/// of every type (one TorchSharp, one Formatter). Their dependencies resolve from the folders of the
/// assemblies already referenced. Loading runs the assembly's module initializer, so a library can
/// prepare native code (the course library makes TorchSharp loadable) before the cell's code runs.
/// </summary>
sealed class AssemblyReferences
{
    readonly List<string> _folders = [];
    readonly Dictionary<string, Assembly> _byPath = new(StringComparer.Ordinal);

    public AssemblyReferences() => AssemblyLoadContext.Default.Resolving += Resolve;

    /// <summary>Loads <paramref name="path"/> (absolute) and returns it; loading the same file twice returns the first load.</summary>
    public Assembly Load(string path)
    {
        if (_byPath.TryGetValue(path, out var loaded)) return loaded;
        var folder = Path.GetDirectoryName(path)!;
        if (!_folders.Contains(folder)) _folders.Add(folder);
        var name = AssemblyName.GetAssemblyName(path);
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name) && a.GetName().Version == name.Version)
            ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        _byPath[path] = assembly;
        return assembly;
    }

    Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        foreach (var folder in _folders)
        {
            var candidate = Path.Combine(folder, name.Name + ".dll");
            if (File.Exists(candidate)) return context.LoadFromAssemblyPath(candidate);
        }
        return null;
    }
}
