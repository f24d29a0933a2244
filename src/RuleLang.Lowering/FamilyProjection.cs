using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Lowering;

/// <summary>
/// Splits a lowered policy by address family: iptables and ip6tables each get the rules that are family-neutral
/// plus their own. Chains and policies are shared, so a default DROP holds for both families (and a policy
/// with one always gets both rulesets, see NeedsIPv6Ruleset).
/// </summary>
public static class FamilyProjection
{
    public static IpFamily? FamilyOf(Rule rule)
    {
        if (rule.Family is { } pinned)
        {
            return pinned;
        }
        foreach (var match in rule.Matches)
        {
            if (match.Family is { } family)
            {
                return family;
            }
        }
        return rule.Target.Family;
    }

    /// <summary>True when any rule names IPv6.</summary>
    public static bool UsesIPv6(Policy policy) =>
        policy.Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules).Any(r => FamilyOf(r) == IpFamily.IPv6);

    /// <summary>
    /// A policy needs an ip6tables ruleset when it names IPv6, and also when a built-in chain drops by default:
    /// a default-deny firewall emitted for IPv4 alone would leave IPv6 traffic unfiltered.
    /// </summary>
    public static bool NeedsIPv6Ruleset(Policy policy) =>
        UsesIPv6(policy) || policy.Tables.SelectMany(t => t.Chains).Any(c => c.IsBuiltin && c.Policy == Verdict.Drop);

    public static Policy Project(Policy policy, IpFamily family) => policy with
    {
        Tables = policy.Tables.Select(t => Project(t, family)).ToArray(),
    };

    /// <summary>
    /// The table's rules of <paramref name="family"/>. A user chain whose every rule is of the other family (a
    /// dual-stack service's IPv6 chains, in the iptables ruleset) is left out when nothing of this family jumps to
    /// it: declared empty, it would only be a chain nothing uses. A chain the policy itself declared empty stays.
    /// </summary>
    private static Table Project(Table table, IpFamily family)
    {
        var chains = table.Chains
            .Select(c => Keeps(c, family) ? c : c with { Rules = c.Rules.Where(r => Fits(r, family)).ToArray() })
            .ToArray();
        var jumpedTo = new System.Collections.Generic.HashSet<string>(
            chains.SelectMany(c => c.Rules).Select(r => r.Target).OfType<Model.Targets.JumpTarget>().Select(j => j.Chain),
            System.StringComparer.Ordinal);
        var original = table.Chains.ToDictionary(c => c.Name, System.StringComparer.Ordinal);
        return table with
        {
            Chains = chains
                .Where(c => c.IsBuiltin || c.Rules.Count > 0 || original[c.Name].Rules.Count == 0 || jumpedTo.Contains(c.Name))
                .ToArray(),
        };
    }

    private static bool Fits(Rule rule, IpFamily family) => FamilyOf(rule) is not { } own || own == family;

    private static bool Keeps(Chain chain, IpFamily family)
    {
        foreach (var rule in chain.Rules)
        {
            if (!Fits(rule, family))
            {
                return false;
            }
        }
        return true;
    }
}
