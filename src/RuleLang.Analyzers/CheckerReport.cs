using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using RuleLang.Checker;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Analyzers;

/// <summary>Turns the checker's diagnostics (data) into Roslyn diagnostics at a span of the user's code.</summary>
internal static class CheckerReport
{
    /// <summary>Reports what the bag holds (only <paramref name="onlyId"/> or <paramref name="orId"/>, when given).</summary>
    public static void Report(
        OperationAnalysisContext context,
        DiagnosticBag bag,
        Location location,
        string? onlyId = null,
        string? orId = null,
        ImmutableDictionary<string, string?>? properties = null)
    {
        foreach (var item in bag.Items)
        {
            if (onlyId is null || item.Id == onlyId || item.Id == orId)
            {
                Report(context, item, location, null, properties);
            }
        }
    }

    /// <summary>Reports the first of <paramref name="items"/> with ID <paramref name="id"/>.</summary>
    public static void ReportFirst(OperationAnalysisContext context, IEnumerable<PolicyDiagnostic> items, string id, Location location, Location related)
    {
        foreach (var item in items)
        {
            if (item.Id == id)
            {
                Report(context, item, location, related, null);
                return;
            }
        }
    }

    private static void Report(
        OperationAnalysisContext context,
        PolicyDiagnostic item,
        Location location,
        Location? related,
        ImmutableDictionary<string, string?>? properties)
    {
        context.ReportDiagnostic(Diagnostic.Create(
            RoslynDescriptors.For(item.Descriptor),
            location,
            related is null ? null : new[] { related },
            item.Descriptor == DiagnosticCatalog.HostBitsSet ? properties : null,
            item.Message));
    }
}
