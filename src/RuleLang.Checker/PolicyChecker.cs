using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Checker;

/// <summary>
/// The one place that knows what netfilter accepts. Every front end's policy goes through here; the result is
/// data, rendered by the CLI, MSBuild or Roslyn at the edges.
/// </summary>
public static class PolicyChecker
{
    /// <summary>Checks a policy as written: its name, its intents and its plain tables.</summary>
    public static IReadOnlyList<PolicyDiagnostic> Check(Policy policy)
    {
        var bag = new DiagnosticBag();
        CheckDefinition(policy, bag);
        CheckTables(policy, bag);
        return bag.Items;
    }

    /// <summary>Checks the name, cluster settings and intents: what must hold before lowering may run.</summary>
    public static IReadOnlyList<PolicyDiagnostic> CheckDefinition(Policy policy)
    {
        var bag = new DiagnosticBag();
        CheckDefinition(policy, bag);
        return bag.Items;
    }

    private static void CheckDefinition(Policy policy, DiagnosticBag bag)
    {
        ValueRules.CheckPolicyName(policy.Name, policy.Location, bag);
        IntentChecks.Check(policy, bag);
    }

    /// <summary>Checks only the plain tables; used again after lowering, whose rules carry the intent's location.</summary>
    public static IReadOnlyList<PolicyDiagnostic> CheckTables(Policy policy)
    {
        var bag = new DiagnosticBag();
        CheckTables(policy, bag);
        return bag.Items;
    }

    private static void CheckTables(Policy policy, DiagnosticBag bag)
    {
        OwnershipChecks.Check(policy, bag);
        SetChecks.Check(policy, bag);
        foreach (var table in policy.Tables)
        {
            ChainChecks.CheckDeclarations(table, bag);
            var graph = new ChainGraph(table);
            ChainChecks.CheckJumps(graph, policy.Ownership, bag);
            foreach (var chain in table.Chains)
            {
                foreach (var rule in chain.Rules)
                {
                    RuleChecks.Check(rule, chain, graph, bag);
                }
                ChainChecks.CheckUnreachableRules(chain, bag);
            }
        }
    }

    /// <summary>An nft table cannot jump to another table's chain: an own-chains policy's external jumps have no nft form.</summary>
    public static IReadOnlyList<PolicyDiagnostic> CheckForNft(Policy policy)
    {
        var bag = new DiagnosticBag();
        OwnershipChecks.CheckExternalJumpsForNft(policy, bag);
        return bag.Items;
    }

    public static bool HasErrors(IEnumerable<PolicyDiagnostic> diagnostics) => diagnostics.Any(d => d.IsError);
}
