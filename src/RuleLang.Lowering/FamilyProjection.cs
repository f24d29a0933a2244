using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Lowering;

/// <summary>
/// Splits a lowered policy by address family: iptables and ip6tables each get the rules that are family-neutral
/// plus their own. Chains and policies are shared, so a default DROP holds for both families.
/// </summary>
public static class FamilyProjection
{
    public static IpFamily? FamilyOf(Rule rule) =>
        rule.Matches.Select(m => m.Family).Concat(new[] { rule.Target.Family }).FirstOrDefault(f => f.HasValue);

    /// <summary>A policy needs an ip6tables ruleset as soon as any rule names IPv6.</summary>
    public static bool UsesIPv6(Policy policy) =>
        policy.Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules).Any(r => FamilyOf(r) == IpFamily.IPv6);

    public static Policy Project(Policy policy, IpFamily family) => policy with
    {
        Tables = policy.Tables
            .Select(t => t with
            {
                Chains = t.Chains
                    .Select(c => c with { Rules = c.Rules.Where(r => FamilyOf(r) is null || FamilyOf(r) == family).ToArray() })
                    .ToArray(),
            })
            .ToArray(),
    };
}
