using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace RuleLang.Analyzers;

/// <summary>
/// Checks constant arguments to the DSL at their span while the user types: addresses and CIDRs, ports and
/// ranges, interface and chain names, comments, log prefixes, probabilities, DSCP and other numbers, the policy
/// name, and IPv4 mixed with IPv6 in one rule's call chain. The rules, IDs and messages are the checker's
/// (RL0101 to RL0112), so the editor and <c>rulelang check</c> say the same thing about the same value.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ValueAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableArray<DiagnosticDescriptor> Supported =
        RoslynDescriptors.All.Where(d => d.Id.StartsWith("RL01", System.StringComparison.Ordinal)).ToImmutableArray();

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            // A project that does not reference the DSL has nothing to check.
            if (start.Compilation.GetTypeByMetadataName(PolicyNameCheck.PolicyDefinitionName) is null)
            {
                return;
            }
            start.RegisterOperationAction(ArgumentChecks.Analyze, OperationKind.Invocation);
            start.RegisterOperationAction(PolicyNameCheck.Analyze, OperationKind.Return);
        });
    }
}
