using AttentionCourse.Notebooks.Cli.Kernel;

return args switch
{
    ["kernel", .. var rest] => KernelCommand.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: nb kernel (start | install | uninstall) ...");
    return 2;
}
