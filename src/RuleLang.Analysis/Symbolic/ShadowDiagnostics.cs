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

    /// <summary>
    /// Policies with more rules than this (generated clusters of hundreds of services) are not checked at build
    /// time: the walk grows with the square of the rule count. `rulelang` runs the same analysis without it.
    /// </summary>
    public const int BuildRuleLimit = 2000;

    public static IReadOnlyList<PolicyDiagnostic> Check(Policy lowered)
    {
        if (lowered.Tables.Sum(t => t.Chains.Sum(c => c.Rules.Count)) > BuildRuleLimit)
        {
            return System.Array.Empty<PolicyDiagnostic>();
        }
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
        var names = rules.Select(r => "rule " + r.Position + (r.Location.IsKnown ? " (" + r.Where + ")" : "")).ToArray();
        return names.Length switch
        {
            0 => "the rules before it",
            1 => names[0],
            _ => string.Join(", ", names.Take(names.Length - 1)) + " and " + names[names.Length - 1],
        };
    }
}
