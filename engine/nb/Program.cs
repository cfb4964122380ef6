using AttentionCourse.Notebooks.Cli.Kernel;
using AttentionCourse.Notebooks.Cli.Run;

// nb: the course's notebook command line.
//   nb run <notebook-or-folder>... [--output DIR] [--in-place] [--timeout SECONDS] [--allow-errors]
//   nb kernel (start | install | uninstall) ...   (the Jupyter kernel, see engine/KERNEL.md)
// Exit codes: 0 every cell succeeded, 1 a cell failed or timed out, 2 usage or input error.
return args switch
{
    ["run", .. var rest] => await RunCommand.RunAsync(rest),
    [NotebookWorker.Command, .. var rest] => await NotebookWorker.RunAsync(rest),
    ["kernel", .. var rest] => KernelCommand.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: nb run <notebook-or-folder>... [--output DIR] [--in-place] [--timeout SECONDS] [--allow-errors]");
    Console.Error.WriteLine("       nb kernel (start | install | uninstall) ...");
    return 2;
}
