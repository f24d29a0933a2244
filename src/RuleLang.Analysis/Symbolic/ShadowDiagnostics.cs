using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>Shadowed rules as RL1206 warnings at the rule, naming the rules that cover it.</summary>
public static class ShadowDiagnostics
{
    /// <summary>Budget for the check a build runs on every policy: past it, nothing is reported.</summary>
    public const long BuildLimit = 1_500_000;

    public static IReadOnlyList<PolicyDiagnostic> Check(Policy lowered)
    {
        IReadOnlyList<ShadowedRule> shadowed;
        try
        {
            shadowed = ShadowAnalysis.Find(new PolicyAnalysis(lowered), new AnalysisBudget(BuildLimit));
        }
        catch (AnalysisLimitExceededException)
        {
            return System.Array.Empty<PolicyDiagnostic>();
        }
        return shadowed.Select(s => PolicyDiagnostic.Create(DiagnosticCatalog.ShadowedRule, s.Rule.Location.IsKnown ? s.Rule.Location : lowered.Location,
                NetfilterFacts.TableName(s.Rule.Table) + " " + s.Rule.Chain, Describe(s.CoveredBy)))
            .ToArray();
    }

    private static string Describe(IReadOnlyList<RuleRef> rules)
    {
        var names = rules.Select(r => "rule " + r.Position + (r.Location.IsKnown ? " (" + r.Location + ")" : "")).ToArray();
        return names.Length switch
        {
            0 => "the rules before it",
            1 => names[0],
            _ => string.Join(", ", names.Take(names.Length - 1)) + " and " + names[names.Length - 1],
        };
    }
}
