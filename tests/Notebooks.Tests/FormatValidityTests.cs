using AttentionCourse.TestSupport;
using System.Diagnostics;

namespace Notebooks.Tests;

public class FormatValidityTests
{
    /// <summary>Validates with Debian's python3-nbformat (the reference implementation of the schema).</summary>
    static (int Exit, string Output) Validate(string path)
    {
        const string python = "/usr/bin/python3";
        Assert.True(File.Exists(python), "/usr/bin/python3 is needed: apt-get install -y python3-nbformat");
        var p = Processes.Run(python, ["-c",
            "import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT); nbformat.validate(nb); print(nb.nbformat, nb.nbformat_minor)",
            path]);
        var output = p.Output;
        Assert.False(output.Contains("No module named 'nbformat'"), "python3-nbformat is not installed: apt-get install -y python3-nbformat");
        return (p.Exit, output);
    }

    [Theory]
    [InlineData("good.ipynb")]
    [InlineData("errors.ipynb")]
    [InlineData("legacy-minor.ipynb")]
    [InlineData("empty.ipynb")]
    [InlineData("crash.ipynb")]
    public void Executed_notebooks_are_valid_nbformat_4_5(string fixture)
    {
        var dir = Nb.Workspace(fixture);
        Nb.Run("run", Path.Combine(dir, fixture), "--output", dir + "/out", "--allow-errors");
        var (exit, output) = Validate(Path.Combine(dir, "out", fixture));
        Assert.True(exit == 0, output);
        Assert.Equal("4 5", output.Trim());
    }

    [Fact]
    public void The_validator_rejects_an_invalid_notebook()
    {
        // Guards the test above: a validator that accepted anything would make it pass vacuously.
        var dir = Nb.Workspace();
        var path = Path.Combine(dir, "bad.ipynb");
        File.WriteAllText(path, """{"cells": [{"cell_type": "code", "source": "1"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}""");
        Assert.NotEqual(0, Validate(path).Exit);
    }
}
