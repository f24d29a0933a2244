using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;

namespace RuleLang.Checker;

/// <summary>Checks of a table's chains and of the jumps between them.</summary>
internal static class ChainChecks
{
    public static void CheckDeclarations(Table table, DiagnosticBag bag)
    {
        var seen = new HashSet<string>();
        foreach (var chain in table.Chains)
        {
            if (!seen.Add(chain.Name))
            {
                bag.Report(DiagnosticCatalog.DuplicateChain, chain.Location, chain.Name, table.Name);
            }
            if (chain.Hook is { } hook)
            {
                if (!NetfilterFacts.HasBuiltinChain(table.Kind, hook))
                {
                    string builtins = string.Join(", ", NetfilterFacts.BuiltinHooks(table.Kind).Select(NetfilterFacts.ChainName).ToArray());
                    bag.Report(DiagnosticCatalog.UnknownBuiltinChain, chain.Location, table.Name, chain.Name, builtins);
                }
            }
            else if (NetfilterFacts.TryParseHook(chain.Name, out _))
            {
                // iptables judges a chain by its name: -o in a user chain called PREROUTING is refused.
                bag.Report(DiagnosticCatalog.InvalidChainName, chain.Location, chain.Name, "is the name of a built-in chain");
            }
            else
            {
                ValueRules.CheckChainName(chain.Name, chain.Location, bag);
                if (chain.Policy.HasValue)
                {
                    bag.Report(DiagnosticCatalog.PolicyOnUserChain, chain.Location, chain.Name);
                }
            }
        }
    }

    /// <param name="ownership">An own-chains policy may jump to the chains it declares external; others are reported as neither owned nor external.</param>
    public static void CheckJumps(ChainGraph graph, PolicyOwnership ownership, DiagnosticBag bag)
    {
        var table = graph.Table;
        var referenced = new HashSet<string>();
        foreach (var chain in table.Chains)
        {
            foreach (var rule in chain.Rules)
            {
                if (rule.Target is not JumpTarget jump)
                {
                    continue;
                }
                referenced.Add(jump.Chain);
                var target = graph.Find(jump.Chain);
                if (target is null)
                {
                    if (ownership.OwnsChains && ownership.IsExternal(jump.Chain))
                    {
                        continue;
                    }
                    if (ownership.OwnsChains && !NetfilterFacts.TryParseHook(jump.Chain, out _))
                    {
                        bag.Report(DiagnosticCatalog.JumpToUndeclaredChain, rule.Location, ValueRules.Printable(jump.Chain), table.Name);
                    }
                    else if (!NetfilterFacts.TryParseHook(jump.Chain, out _))
                    {
                        bag.Report(DiagnosticCatalog.MissingChain, rule.Location, ValueRules.Printable(jump.Chain), table.Name);
                    }
                    else
                    {
                        bag.Report(DiagnosticCatalog.JumpToBuiltinChain, rule.Location, jump.Chain);
                    }
                }
                else if (target.IsBuiltin)
                {
                    bag.Report(DiagnosticCatalog.JumpToBuiltinChain, rule.Location, jump.Chain);
                }
            }
        }

        var cycle = graph.FindCycle();
        if (cycle != null)
        {
            var first = graph.Find(cycle[0])!;
            var closing = first.Rules.FirstOrDefault(r => r.Target is JumpTarget j && j.Chain == cycle[1]);
            bag.Report(DiagnosticCatalog.JumpLoop, closing?.Location ?? first.Location, string.Join(" → ", cycle.ToArray()));
        }

        foreach (var chain in table.Chains.Where(c => !c.IsBuiltin && !referenced.Contains(c.Name)))
        {
            bag.Report(DiagnosticCatalog.UnreferencedChain, chain.Location, chain.Name, table.Name);
        }
    }

    /// <summary>A rule after one that matches everything and never comes back is dead code.</summary>
    public static void CheckUnreachableRules(Chain chain, DiagnosticBag bag)
    {
        Rule? ender = null;
        int enderIndex = 0;
        for (int i = 0; i < chain.Rules.Count; i++)
        {
            var rule = chain.Rules[i];
            if (ender != null)
            {
                string where = ender.Location.IsKnown
                    ? $"{System.IO.Path.GetFileName(ender.Location.File)}:{ender.Location.Line}"
                    : $"position {enderIndex + 1}";
                bag.Report(DiagnosticCatalog.UnreachableRule, rule.Location, where, chain.Name, ender.Target.Name);
            }
            else if (rule.IsUnconditional && rule.Target.IsTerminal)
            {
                ender = rule;
                enderIndex = i;
            }
        }
    }
}
