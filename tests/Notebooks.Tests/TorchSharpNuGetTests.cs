using System.Text.Json.Nodes;

namespace Notebooks.Tests;

/// <summary>TorchSharp by NuGet in a blank notebook, without the course library.</summary>
public class TorchSharpNuGetTests
{
    [Fact]
    public void A_blank_notebook_loads_TorchSharp_cpu_from_NuGet_and_computes_with_it()
    {
        var dir = Nb.Workspace();
        var path = Nb.Write(dir, "torch.ipynb",
            "#r \"nuget: TorchSharp-cpu, 0.107.0\"",
            "var x = TorchSharp.torch.ones(2, 3);\n(x.sum().item<float>(), string.Join(\"x\", x.shape))");
        var result = Nb.Run("run", path, "--output", dir + "/out");
        Assert.True(result.Exit == 0, result.Out + result.Err);
        var value = Nb.Outputs(Nb.Read(Path.Combine(dir, "out", "torch.ipynb")), 2).Single()!;
        var text = Nb.Text(value["data"]!["text/html"] ?? value["data"]!["text/plain"]);
        Assert.Contains("6", text);
        Assert.Contains("2x3", text);
    }
}
