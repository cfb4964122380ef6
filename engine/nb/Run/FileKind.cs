using System.Runtime.InteropServices;

namespace AttentionCourse.Notebooks.Cli.Run;

/// <summary>
/// Whether a path is a regular file. .NET's file attributes do not tell a FIFO, device or socket
/// from a file (opening a FIFO to read then blocks until something writes to it), so on Unix this
/// asks the runtime's own native shim (<c>SystemNative_Stat</c>, which follows symlinks) for the mode.
/// </summary>
static class FileKind
{
    const int TypeMask = 0xF000, Regular = 0x8000;

    /// <summary>True for a regular file (or a symlink to one); also true where the check is unavailable.</summary>
    public static bool IsRegularFile(string path)
    {
        if (OperatingSystem.IsWindows()) return true;
        // FileStatus: int Flags, int Mode, then more fields; 256 bytes leaves room for all of them.
        var status = new byte[256];
        try
        {
            if (Stat(path, status) != 0) return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return true;
        }
        return (BitConverter.ToInt32(status, 4) & TypeMask) == Regular;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
}
