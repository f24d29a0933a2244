using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Analyzers;

/// <summary>
/// The diagnostic catalogue (RuleLang.Model's <see cref="DiagnosticCatalog"/>) as Roslyn descriptors: one per
/// entry, with the entry's ID, title, category and severity and a help link to its page. The checker formats
/// each message (ValueRules is the one place that words them), so a descriptor's message format is "{0}" and the
/// Roslyn message is the checker's text byte for byte.
/// </summary>
public static class RoslynDescriptors
{
    /// <summary>Where the pages live, relative to the repository root; one place to change for a public URL.</summary>
    public const string HelpLinkBase = "docs/diagnostics/";

    private static readonly Dictionary<string, Microsoft.CodeAnalysis.DiagnosticDescriptor> ById = Create();

    /// <summary>Every catalogue entry, in catalogue order.</summary>
    public static ImmutableArray<Microsoft.CodeAnalysis.DiagnosticDescriptor> All { get; } = CreateAll();

    public static Microsoft.CodeAnalysis.DiagnosticDescriptor For(Model.Diagnostics.DiagnosticDescriptor entry) => ById[entry.Id];

    public static Microsoft.CodeAnalysis.DiagnosticDescriptor For(string id) => ById[id];

    public static DiagnosticSeverity SeverityOf(Severity severity) => severity switch
    {
        Severity.Error => DiagnosticSeverity.Error,
        Severity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };

    private static Dictionary<string, Microsoft.CodeAnalysis.DiagnosticDescriptor> Create()
    {
        var map = new Dictionary<string, Microsoft.CodeAnalysis.DiagnosticDescriptor>();
        foreach (var entry in DiagnosticCatalog.All)
        {
            map[entry.Id] = new Microsoft.CodeAnalysis.DiagnosticDescriptor(
                id: entry.Id,
                title: entry.Title,
                messageFormat: "{0}",
                category: "RuleLang." + entry.Category,
                defaultSeverity: SeverityOf(entry.DefaultSeverity),
                isEnabledByDefault: true,
                description: entry.Title + ".",
                helpLinkUri: HelpLinkBase + entry.Id + ".md");
        }
        return map;
    }

    private static ImmutableArray<Microsoft.CodeAnalysis.DiagnosticDescriptor> CreateAll()
    {
        var builder = ImmutableArray.CreateBuilder<Microsoft.CodeAnalysis.DiagnosticDescriptor>(DiagnosticCatalog.All.Count);
        foreach (var entry in DiagnosticCatalog.All)
        {
            builder.Add(ById[entry.Id]);
        }
        return builder.MoveToImmutable();
    }
}
