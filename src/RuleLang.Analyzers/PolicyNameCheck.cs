using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RuleLang.Checker;
using RuleLang.Model;

namespace RuleLang.Analyzers;

/// <summary>
/// RL0112, an invalid policy name: a constant returned by an override of <c>PolicyDefinition.Name</c>
/// (<c>public override string Name => "web server";</c>), reported at the constant.
/// </summary>
internal static class PolicyNameCheck
{
    public const string PolicyDefinitionName = "RuleLang.PolicyDefinition";

    public static void Analyze(OperationAnalysisContext context)
    {
        var operation = (IReturnOperation)context.Operation;
        if (operation.ReturnedValue is not { } value
            || context.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: IPropertySymbol { Name: "Name", IsOverride: true } property }
            || !OverridesPolicyName(property)
            || !Operations.TryGetString(value, out var name))
        {
            return;
        }
        var bag = new DiagnosticBag();
        ValueRules.CheckPolicyName(name, SourceLocation.None, bag);
        CheckerReport.Report(context, bag, Operations.LocationOf(value));
    }

    private static bool OverridesPolicyName(IPropertySymbol property)
    {
        var current = property;
        while (current.OverriddenProperty is { } overridden)
        {
            current = overridden;
        }
        return current.ContainingType is { Name: "PolicyDefinition" } type && DslArguments.IsDslType(type);
    }
}
