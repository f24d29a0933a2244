using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// Finds rules that could match what enters their chain but that no packet reaches, because earlier rules of the
/// chain (and the chains they jump to, which may return) decide all of it. Every built-in chain is walked with
/// every packet of the family, following jumps; a rule is shadowed when it is shadowed in each family it is in.
/// Rules after an unconditional terminal rule are left to the checker's RL1204, which says it more simply.
/// </summary>
public static class ShadowAnalysis
{
    public static IReadOnlyList<ShadowedRule> Find(PolicyAnalysis analysis, AnalysisBudget budget)
    {
        // Per rule (by identity, in its table and chain): shadowed so far in every family that could match it?
        var verdicts = new Dictionary<(TableKind, string, Rule), (bool Shadowed, RuleRef Where, HashSet<RuleRef> Covering)>(new KeyComparer());
        foreach (var family in analysis.Families)
        {
            var visits = new RuleVisits();
            var walker = analysis.Walker(family, budget, visits);
            var everything = new PacketSet(new[] { analysis.Universe.Full(family) });
            foreach (var table in walker.Policy.Tables)
            {
                foreach (var chain in table.Chains.Where(c => c.IsBuiltin))
                {
                    walker.Walk(table.Kind, chain, new[] { new FlowState(everything, PacketRewrite.None, false, System.Array.Empty<RuleRef>()) });
                }
            }
            foreach (var table in walker.Policy.Tables)
            {
                foreach (var chain in table.Chains)
                {
                    Judge(table.Kind, chain, walker, visits, verdicts);
                }
            }
        }
        return verdicts.Values.Where(v => v.Shadowed)
            .Select(v => new ShadowedRule(v.Where, v.Covering.OrderBy(r => r.Position).ToArray()))
            .OrderBy(s => s.Rule.Table).ThenBy(s => s.Rule.Chain, System.StringComparer.Ordinal).ThenBy(s => s.Rule.Position)
            .ToArray();
    }

    private static void Judge(TableKind table, Chain chain, ChainWalker walker, RuleVisits visits,
        Dictionary<(TableKind, string, Rule), (bool Shadowed, RuleRef Where, HashSet<RuleRef> Covering)> verdicts)
    {
        var entries = visits.EntriesOf(table, chain.Name);
        if (entries.Count == 0)
        {
            return;
        }
        bool behindUnconditional = false;
        for (int i = 0; i < chain.Rules.Count; i++)
        {
            var rule = chain.Rules[i];
            if (behindUnconditional)
            {
                break;
            }
            behindUnconditional = rule.IsUnconditional && rule.Target.IsTerminal;
            var condition = walker.ConditionOf(rule);
            var could = entries.Select(e => walker.Split(e, condition).Matched).Where(m => !m.IsEmpty).ToArray();
            if (could.Length == 0)
            {
                continue;
            }
            var key = (table, chain.Name, rule);
            var reached = visits.MatchedAt(table, chain.Name, rule);
            bool shadowedHere = reached is null || reached.IsEmpty;
            if (!verdicts.TryGetValue(key, out var verdict))
            {
                verdict = (true, new RuleRef(table, chain.Name, i + 1, rule), new HashSet<RuleRef>());
            }
            if (!shadowedHere)
            {
                verdicts[key] = (false, verdict.Where, verdict.Covering);
                continue;
            }
            for (int j = 0; j < i; j++)
            {
                var earlier = chain.Rules[j];
                if (!Decides(earlier) || visits.MatchedAt(table, chain.Name, earlier) is not { } decided)
                {
                    continue;
                }
                if (could.Any(c => c.Overlaps(decided)))
                {
                    verdict.Covering.Add(new RuleRef(table, chain.Name, j + 1, earlier));
                }
            }
            verdicts[key] = verdict;
        }
    }

    /// <summary>Rules that end some packets' walk through this chain: verdicts, NAT, jumps (their chain may decide).</summary>
    private static bool Decides(Rule rule) => rule.Target.IsTerminal || rule.Target is JumpTarget;

    private sealed class KeyComparer : IEqualityComparer<(TableKind, string, Rule)>
    {
        public bool Equals((TableKind, string, Rule) x, (TableKind, string, Rule) y) =>
            x.Item1 == y.Item1 && x.Item2 == y.Item2 && ReferenceEquals(x.Item3, y.Item3);

        public int GetHashCode((TableKind, string, Rule) key) =>
            (((int)key.Item1 * 397) ^ key.Item2.GetHashCode()) ^ System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Item3);
    }
}
