using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttentionCourse.Notebooks;

/// <summary>
/// Co-operative interruption for cells: .NET cannot abort a running thread, so the engine inserts
/// <see cref="Check"/> at the top of every loop body a cell declares. An interrupt or a cell's time
/// limit then stops the cell at its next iteration. Called from compiled cells; not for notebooks.
/// </summary>
public static class Interrupt
{
    static volatile CancellationTokenSource? _current;

    /// <summary>Throws <see cref="OperationCanceledException"/> when the running cell was interrupted.</summary>
    public static void Check() => _current?.Token.ThrowIfCancellationRequested();

    internal static IDisposable Arm(CancellationTokenSource source)
    {
        _current = source;
        return new Disarm();
    }

    sealed class Disarm : IDisposable
    {
        public void Dispose() => _current = null;
    }
}

/// <summary>Inserts <c>Interrupt.Check();</c> into loop bodies without adding lines, so line numbers stay the cell's own.</summary>
sealed class InterruptRewriter : CSharpSyntaxRewriter
{
    static readonly StatementSyntax CheckCall = SyntaxFactory.ParseStatement("global::AttentionCourse.Notebooks.Interrupt.Check(); ");

    public static string Rewrite(string code, CSharpParseOptions options)
    {
        var tree = CSharpSyntaxTree.ParseText(code, options);
        return new InterruptRewriter().Visit(tree.GetRoot())!.ToFullString();
    }

    static StatementSyntax Guard(StatementSyntax body) => body is BlockSyntax block
        ? block.WithStatements(block.Statements.Insert(0, CheckCall))
        : SyntaxFactory.Block(CheckCall, body.WithoutLeadingTrivia()).WithLeadingTrivia(body.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.Space);

    public override SyntaxNode? Visit(SyntaxNode? node) => base.Visit(node) switch
    {
        WhileStatementSyntax loop => loop.WithStatement(Guard(loop.Statement)),
        DoStatementSyntax loop => loop.WithStatement(Guard(loop.Statement)),
        ForStatementSyntax loop => loop.WithStatement(Guard(loop.Statement)),
        ForEachStatementSyntax loop => loop.WithStatement(Guard(loop.Statement)),
        ForEachVariableStatementSyntax loop => loop.WithStatement(Guard(loop.Statement)),
        var other => other,
    };
}
