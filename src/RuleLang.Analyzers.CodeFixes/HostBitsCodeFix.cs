using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Analyzers.CodeFixes;

/// <summary>
/// RL0102, CIDR has host bits set: replaces the string literal with the network the kernel will use
/// ("192.168.1.5/24" → "192.168.1.0/24"), or, as a second action, with the single host ("192.168.1.5/32"). Offered
/// only where the diagnostic sits on a string literal: a const or an interpolation is left to the user.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HostBitsCodeFix))]
[Shared]
public sealed class HostBitsCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticCatalog.HostBitsSet.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }
        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal)
            {
                continue;
            }
            Offer(context, diagnostic, literal, HostBits.NetworkProperty, "Use the network {0}");
            Offer(context, diagnostic, literal, HostBits.HostProperty, "Use the single host {0}");
        }
    }

    private static void Offer(CodeFixContext context, Diagnostic diagnostic, LiteralExpressionSyntax literal, string property, string title)
    {
        if (!diagnostic.Properties.TryGetValue(property, out var replacement) || replacement is null)
        {
            return;
        }
        context.RegisterCodeFix(
            CodeAction.Create(
                string.Format(System.Globalization.CultureInfo.InvariantCulture, title, replacement),
                cancellation => Replace(context.Document, literal, replacement, cancellation),
                equivalenceKey: nameof(HostBitsCodeFix) + "." + property),
            diagnostic);
    }

    private static async Task<Document> Replace(Document document, LiteralExpressionSyntax literal, string text, CancellationToken cancellation)
    {
        var root = await document.GetSyntaxRootAsync(cancellation).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }
        var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text))
            .WithTriviaFrom(literal);
        return document.WithSyntaxRoot(root.ReplaceNode(literal, replacement));
    }
}
