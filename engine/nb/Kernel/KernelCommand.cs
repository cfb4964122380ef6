using System.Runtime.InteropServices;

namespace AttentionCourse.Notebooks.Cli.Kernel;

/// <summary>
/// <c>nb kernel start -f FILE</c>, <c>nb kernel install [--user | --prefix DIR] [--name NAME]
/// [--display-name TEXT] [--force]</c>, <c>nb kernel uninstall [--user | --prefix DIR] [--name NAME] [--force]</c>.
/// Exit codes: 0 done, 1 failed, 2 usage error.
/// </summary>
internal static class KernelCommand
{
    const string Usage = """
        usage: nb kernel start (-f | --connection-file) FILE
               nb kernel install   [--user | --prefix DIR] [--name NAME] [--display-name TEXT] [--force]
               nb kernel uninstall [--user | --prefix DIR] [--name NAME] [--force]
        """;

    /// <summary>Runs a kernel subcommand; <paramref name="args"/> excludes the word "kernel".</summary>
    public static int Run(string[] args)
    {
        try
        {
            return args switch
            {
                ["start", "-f" or "--connection-file", var file] => Start(file),
                ["install", .. var rest] => Install(Options.Parse(rest)),
                ["uninstall", .. var rest] => Uninstall(Options.Parse(rest)),
                _ => Fail(Usage, 2),
            };
        }
        catch (ArgumentException e)
        {
            return Fail($"{e.Message}\n{Usage}", 2);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return Fail($"nb kernel: {e.Message}", 1);
        }
    }

    static int Start(string connectionFile)
    {
        var connection = ConnectionFile.Load(connectionFile);
        var log = KernelLog.ToStandardError();
        // Front ends start the kernel in the notebook's folder; Jupyter servers also name the notebook
        // in JPY_SESSION_NAME, which makes error locations read like the headless runner's.
        var notebook = Environment.GetEnvironmentVariable("JPY_SESSION_NAME") is { Length: > 0 } session ? Path.GetFileName(session) : "notebook";
        using var engine = new NotebookSessionEngine(new NotebookSession(Directory.GetCurrentDirectory(), notebook));
        using var server = new KernelServer(connection, engine, log);
        // SIGINT (Ctrl+C, or a front end using interrupt_mode "signal") interrupts the cell, not the kernel.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            server.Interrupt();
        });
        server.Start();
        server.WaitForShutdown();
        log.Write("stopped");
        return 0;
    }

    static int Install(Options options)
    {
        var nbDll = typeof(KernelCommand).Assembly.Location;
        var dir = KernelSpecInstaller.Install(
            KernelSpecInstaller.KernelsDirectory(options.User, options.Prefix),
            options.Name, options.DisplayName, DotnetHost(), nbDll, options.Force);
        Console.Error.WriteLine($"installed kernelspec '{options.Name}' in {dir}");
        return 0;
    }

    static int Uninstall(Options options)
    {
        var kernels = KernelSpecInstaller.KernelsDirectory(options.User, options.Prefix);
        var removed = KernelSpecInstaller.Uninstall(kernels, options.Name, options.Force);
        Console.Error.WriteLine(removed ? $"removed kernelspec '{options.Name}' from {kernels}" : $"no kernelspec '{options.Name}' in {kernels}");
        return 0;
    }

    /// <summary>
    /// The absolute path of a dotnet host, so the kernel starts even where PATH lacks dotnet (a front
    /// end launched from a desktop). Run as <c>dotnet nb.dll</c> that is the running host; run through
    /// the <c>nb</c> apphost (as <c>dotnet run</c> does) it is found from DOTNET_HOST_PATH, the running
    /// runtime's own install folder, DOTNET_ROOT, or PATH, symlinks resolved.
    /// </summary>
    internal static string DotnetHost()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var host = Environment.ProcessPath;
        if (host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet") return Path.GetFullPath(host);
        var runtime = RuntimeEnvironment.GetRuntimeDirectory(); // <root>/shared/Microsoft.NETCore.App/<version>/
        IEnumerable<string?> candidates =
        [
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            Path.Combine(runtime, "..", "..", "..", exe),
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root ? Path.Combine(root, exe) : null,
            .. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, exe)),
        ];
        foreach (var candidate in candidates)
        {
            if (string.IsNullOrEmpty(candidate) || !Path.IsPathFullyQualified(candidate) || !File.Exists(candidate)) continue;
            var full = Path.GetFullPath(candidate);
            return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        }
        throw new InvalidOperationException("cannot find the dotnet host to write into kernel.json; run the installer as `dotnet path/to/nb.dll kernel install ...` or set DOTNET_ROOT.");
    }

    static int Fail(string message, int code)
    {
        Console.Error.WriteLine(message);
        return code;
    }

    sealed record Options(bool User, string? Prefix, string Name, string? DisplayNameOption, bool Force)
    {
        public string DisplayName => DisplayNameOption ?? KernelSpecInstaller.DefaultDisplayNameFor(Name);

        public static Options Parse(string[] args)
        {
            var options = new Options(false, null, KernelSpecInstaller.DefaultName, null, false);
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");
                options = args[i] switch
                {
                    "--user" => options with { User = true },
                    "--prefix" => options with { Prefix = Value() },
                    "--name" => options with { Name = Value() },
                    "--display-name" => options with { DisplayNameOption = Value() },
                    "--force" => options with { Force = true },
                    var other => throw new ArgumentException($"unknown option '{other}'"),
                };
            }
            if (options.User && options.Prefix is not null) throw new ArgumentException("--user and --prefix exclude each other");
            return options;
        }
    }
}
