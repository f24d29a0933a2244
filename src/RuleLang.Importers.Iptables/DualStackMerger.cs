using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Importers.Iptables;

/// <summary>
/// Merges the policy of an iptables dump and that of an ip6tables dump of the same host into one policy whose
/// IPv4 projection gives back the first and whose IPv6 projection gives back the second. A family-neutral rule
/// found in both, in the same relative order, is kept once; one found in a single dump is tied to its family
/// with an every-address match (0.0.0.0/0 or ::/0), which matches every packet of that family and which
/// iptables-save leaves out, so the emitted line is the line of the dump.
/// </summary>
internal static class DualStackMerger
{
    /// <summary>Above this many neutral-rule pairs in one chain the alignment is greedy rather than optimal.</summary>
    private const long AlignmentBudget = 4_000_000;

    public static Policy Merge(Policy v4, Policy v6, string v4Path, string v6Path, List<PolicyDiagnostic> diagnostics)
    {
        var tables = new List<Table>();
        foreach (TableKind kind in Enum.GetValues(typeof(TableKind)))
        {
            var a = v4.FindTable(kind);
            var b = v6.FindTable(kind);
            if (a is null && b is null)
            {
                continue;
            }
            if (a is null || b is null)
            {
                string only = a is null ? v6Path : v4Path;
                diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.OneFamilyOnly, new SourceLocation(only, 0, 0), $"table {NetfilterFacts.TableName(kind)}", a is null ? "ip6tables" : "iptables", a is null ? "the iptables ruleset" : "the ip6tables ruleset"));
                tables.Add((a ?? b)!);
                continue;
            }
            tables.Add(MergeTable(a, b, diagnostics));
        }
        return v4 with { Tables = tables };
    }

    private static Table MergeTable(Table v4, Table v6, List<PolicyDiagnostic> diagnostics)
    {
        var chains = new List<Chain>();
        foreach (var name in v4.Chains.Select(c => c.Name).Concat(v6.Chains.Select(c => c.Name)).Distinct(StringComparer.Ordinal))
        {
            var a = v4.FindChain(name);
            var b = v6.FindChain(name);
            if (a is null || b is null)
            {
                var only = (a ?? b)!;
                diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.OneFamilyOnly, only.Location, $"chain {name} of table {v4.Name}", a is null ? "ip6tables" : "iptables", a is null ? "the iptables ruleset" : "the ip6tables ruleset"));
                chains.Add(only with { Rules = only.Rules.Select(r => Pin(r, a is null ? IpFamily.IPv6 : IpFamily.IPv4)).ToArray() });
                continue;
            }
            if (a.Policy != b.Policy)
            {
                diagnostics.Add(PolicyDiagnostic.Create(
                    DiagnosticCatalog.FamiliesDisagree,
                    b.Location,
                    $"chain {name} of table {v4.Name} has policy {Word(a.Policy)} for IPv4 and {Word(b.Policy)} for IPv6",
                    $"RuleLang gives a built-in chain one policy for both families, so the IPv4 policy {Word(a.Policy)} is kept; make the two dumps agree"));
            }
            chains.Add(a with { Rules = MergeRules(a.Rules, b.Rules) });
        }
        return new Table(v4.Kind, chains);
    }

    private static string Word(Verdict? policy) => policy?.ToString().ToUpperInvariant() ?? "-";

    private static Rule[] MergeRules(IReadOnlyList<Rule> v4, IReadOnlyList<Rule> v6)
    {
        var neutral4 = Enumerable.Range(0, v4.Count).Where(i => FamilyOf(v4[i]) is null).ToArray();
        var neutral6 = Enumerable.Range(0, v6.Count).Where(i => FamilyOf(v6[i]) is null).ToArray();
        var pairs = Align(neutral4, neutral6, v4, v6);
        var merged = new List<Rule>(v4.Count + v6.Count);
        int next4 = 0, next6 = 0;
        foreach (var (i4, i6) in pairs.Append((v4.Count, v6.Count)))
        {
            for (; next4 < i4; next4++)
            {
                merged.Add(Pin(v4[next4], IpFamily.IPv4));
            }
            for (; next6 < i6; next6++)
            {
                merged.Add(Pin(v6[next6], IpFamily.IPv6));
            }
            if (i4 < v4.Count)
            {
                merged.Add(v4[i4]);
                next4 = i4 + 1;
                next6 = i6 + 1;
            }
        }
        return merged.ToArray();
    }

    /// <summary>The longest common subsequence of the two families' neutral rules: the rules to keep once.</summary>
    private static List<(int, int)> Align(int[] a, int[] b, IReadOnlyList<Rule> v4, IReadOnlyList<Rule> v6)
    {
        var pairs = new List<(int, int)>();
        if ((long)a.Length * b.Length > AlignmentBudget)
        {
            int j = 0;
            foreach (int i in a)
            {
                int found = Array.FindIndex(b, j, k => RuleEquivalence.Same(v4[i], v6[k]));
                if (found >= 0)
                {
                    pairs.Add((i, b[found]));
                    j = found + 1;
                }
            }
            return pairs;
        }
        var length = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                length[i, j] = RuleEquivalence.Same(v4[a[i]], v6[b[j]])
                    ? length[i + 1, j + 1] + 1
                    : Math.Max(length[i + 1, j], length[i, j + 1]);
            }
        }
        for (int i = 0, j = 0; i < a.Length && j < b.Length;)
        {
            if (RuleEquivalence.Same(v4[a[i]], v6[b[j]]) && length[i, j] == length[i + 1, j + 1] + 1)
            {
                pairs.Add((a[i], b[j]));
                i++;
                j++;
            }
            else if (length[i + 1, j] >= length[i, j + 1])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return pairs;
    }

    private static Rule Pin(Rule rule, IpFamily family)
    {
        if (FamilyOf(rule) is not null)
        {
            return rule;
        }
        var everyAddress = new AddressMatch(AddressSide.Source, family == IpFamily.IPv4 ? "0.0.0.0/0" : "::/0") { Location = rule.Location };
        return rule with { Matches = new Match[] { everyAddress }.Concat(rule.Matches).ToArray() };
    }

    private static IpFamily? FamilyOf(Rule rule)
    {
        foreach (var match in rule.Matches)
        {
            if (match.Family is { } family)
            {
                return family;
            }
        }
        return rule.Target.Family;
    }
}
