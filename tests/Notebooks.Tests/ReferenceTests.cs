using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Notebooks.Tests;

public class ReferenceTests
{
    [Fact]
    public void A_pinned_nuget_package_is_restored_and_usable()
    {
        var dir = Nb.Workspace("nuget.ipynb");
        var result = Nb.Run("run", Path.Combine(dir, "nuget.ipynb"), "--output", dir + "/out");
        Assert.True(result.Exit == 0, result.Out + result.Err);
        var value = Nb.Outputs(Nb.Read(Path.Combine(dir, "out", "nuget.ipynb")), 1).Single()!;
        Assert.Equal("Attention is all you need", Nb.Text(value["data"]!["text/plain"]));
    }

    [Theory]
    [InlineData("nuget-unpinned.ipynb", 1, "needs a pinned version")]
    [InlineData("nuget-two-versions.ipynb", 2, "cannot load a second version (3.0.10)")]
    public void Unpinned_or_second_versions_of_packages_are_clear_errors(string fixture, int cell, string message)
    {
        var dir = Nb.Workspace(fixture);
        Assert.Equal(1, Nb.Run("run", Path.Combine(dir, fixture), "--output", dir + "/out").Exit);
        var error = Nb.Outputs(Nb.Read(Path.Combine(dir, "out", fixture)), cell).Single()!;
        Assert.Contains(message, error["evalue"]!.GetValue<string>());
        Assert.Contains($"cell {cell}, line 1", error["evalue"]!.GetValue<string>());
    }

    [Fact]
    public void A_relative_assembly_reference_resolves_against_the_notebook_folder()
    {
        var dir = Nb.Workspace();
        Directory.CreateDirectory(Path.Combine(dir, "libs"));
        var compilation = CSharpCompilation.Create("Greeter",
            [CSharpSyntaxTree.ParseText("public static class Greeter { public static string Hello(string n) => \"Hello, \" + n + \"!\"; }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(Path.Combine(dir, "libs", "Greeter.dll"));
        Assert.True(emitted.Success);
        File.WriteAllText(Path.Combine(dir, "ref.ipynb"), """
            {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
                        "source": ["#r \"libs/Greeter.dll\"\n", "Greeter.Hello(\"attention\")"]}],
             "metadata": {"kernelspec": {"name": ".net-csharp"}}, "nbformat": 4, "nbformat_minor": 5}
            """);
        var result = Nb.Run("run", Path.Combine(dir, "ref.ipynb"), "--output", dir + "/out");
        Assert.True(result.Exit == 0, result.Out + result.Err);
        Assert.Equal("Hello, attention!", Nb.Text(Nb.Outputs(Nb.Read(Path.Combine(dir, "out", "ref.ipynb")), 1).Single()!["data"]!["text/plain"]));
    }
}
