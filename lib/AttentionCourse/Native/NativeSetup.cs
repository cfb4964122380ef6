using System.Runtime.CompilerServices;

namespace AttentionCourse.Native;

static class NativeSetup
{
    /// <summary>
    /// Runs when the course library is first touched, so a notebook's first course call finds
    /// TorchSharp loadable. A failure is kept and reported by <see cref="AttentionCourse.Devices"/>,
    /// never thrown from here, where it would surface as a confusing TypeInitializationException.
    /// </summary>
#pragma warning disable CA2255 // A library module initializer is the point: it must run before any TorchSharp call.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        try { TorchSharpNative.EnsureLoadable(); }
        catch (Exception e) { Error = e; }
    }

    internal static Exception? Error { get; private set; }
}
