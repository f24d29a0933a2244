using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace RuleLang.Analyzers.Tests;

/// <summary>Runs <see cref="ValueAnalyzer"/> over a compilation as the compiler does, pragmas and severities applied.</summary>
internal static class AnalyzerRunner
{
    /// <summary>Every diagnostic the analyzer reports, suppressed ones included (with IsSuppressed set).</summary>
    public static IReadOnlyList<Diagnostic> Run(Compilation compilation)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: true);
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ValueAnalyzer()), options);
        var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        var failures = diagnostics.Where(d => d.Id == "AD0001").ToArray();
        if (failures.Length > 0)
        {
            throw new System.InvalidOperationException("The analyzer threw: " + string.Join("\n", failures.Select(f => f.GetMessage())));
        }
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, System.StringComparer.Ordinal).ToArray();
    }

    /// <summary>As (line, start column, end column), 1-based, the way an IDE and MSBuild show a span.</summary>
    public static (int Line, int StartColumn, int EndColumn) Position(Location location)
    {
        var span = location.GetLineSpan();
        return (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Character + 1);
    }
}
