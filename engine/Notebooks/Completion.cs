using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;

namespace AttentionCourse.Notebooks;

/// <summary>Completions from Roslyn's semantic model: members after a dot, otherwise names in scope.</summary>
static class Completion
{
    public static (int Start, int End, IReadOnlyList<string> Matches) Complete(Script? previous, ScriptOptions options, string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        var start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        var prefix = code[start..cursor];

        var script = previous is null
            ? CSharpScript.Create(code, options, typeof(ScriptGlobals))
            : previous.ContinueWith(code, options);
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        var model = compilation.GetSemanticModel(tree);

        IEnumerable<ISymbol> symbols;
        var token = tree.GetRoot().FindToken(Math.Max(0, start - 1));
        if (start > 0 && code[start - 1] == '.' && token.Parent is MemberAccessExpressionSyntax access)
        {
            var left = model.GetTypeInfo(access.Expression).Type ?? model.GetSymbolInfo(access.Expression).Symbol as ITypeSymbol;
            var ns = model.GetSymbolInfo(access.Expression).Symbol as INamespaceOrTypeSymbol;
            symbols = left is not null
                ? model.LookupSymbols(start, left, includeReducedExtensionMethods: true)
                : ns is not null ? model.LookupSymbols(start, ns) : [];
        }
        else
        {
            symbols = model.LookupSymbols(start);
        }
        var matches = symbols
            .Where(s => s.CanBeReferencedByName && s.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(s => s.Name)
            .Distinct()
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();
        return (start, cursor, matches);
    }
}
