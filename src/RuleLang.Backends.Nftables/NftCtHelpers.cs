using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// CT --helper in nft. iptables attaches the helper to the template of a connection yet to be made, in the raw
/// table; nft's `ct helper set` attaches a named `ct helper` object to a connection that exists and is not yet
/// confirmed, so it does nothing at raw priority, before conntrack (measured in a namespace). The back end
/// therefore moves a raw chain's helper rules to a base chain of their own at the same hook just after conntrack
/// (priority -199), and declares one helper object per helper and protocol. That keeps iptables' meaning only
/// where nothing else in raw decides the outcome; <see cref="Check"/> refuses the rest.
/// </summary>
internal static class NftCtHelpers
{
    /// <summary>Just after conntrack (-200): the first priority at which the connection exists.</summary>
    public const int ChainPriority = NetfilterFacts.ConntrackPriority + 1;

    public static bool AssignsHelper(Rule rule) => rule.Target is CtTarget { Helper: not null };

    /// <summary>The nft chain name of a raw built-in chain's helper rules.</summary>
    public static string ChainName(string builtin) => NftNames.Chain(TableKind.Raw, builtin) + "_helpers";

    /// <summary>The helper object a rule sets: one per helper and protocol, as `ct helper` objects are typed by protocol.</summary>
    public static string ObjectName(string helper, Protocol protocol) => helper + "-" + ProtocolWord(protocol);

    public static string ProtocolWord(Protocol protocol) => protocol == Protocol.Udp ? "udp" : "tcp";

    /// <summary>The (helper, protocol) pairs a table's rules set, in a stable order, to declare as objects.</summary>
    public static IReadOnlyList<(string Helper, Protocol Protocol)> Objects(Policy policy) =>
        policy.Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules)
            .Where(AssignsHelper)
            .Select(r => (((CtTarget)r.Target).Helper!, r.Protocol))
            .Distinct()
            .OrderBy(o => o.Item1, System.StringComparer.Ordinal).ThenBy(o => o.Item2)
            .ToArray();

    /// <summary>The raw table's findings: a helper rule whose move out of raw would change what it does.</summary>
    public static IEnumerable<PolicyDiagnostic> Check(Table table)
    {
        if (table.Kind != TableKind.Raw)
        {
            yield break;
        }
        var helperRules = table.Chains.SelectMany(c => c.Rules).Where(AssignsHelper).ToArray();
        if (helperRules.Length == 0)
        {
            yield break;
        }
        // Only the first CT target a packet meets counts in iptables, and MARK changes what a later match sees:
        // in nft those run at raw priority, before the moved helper rules, and would both count.
        var other = table.Chains.SelectMany(c => c.Rules).FirstOrDefault(r => !AssignsHelper(r) && ChangesTheTemplateOrPacket(r));
        foreach (var chain in table.Chains)
        {
            bool onlyHelpersBefore = chain.IsBuiltin;
            foreach (var rule in chain.Rules)
            {
                if (!AssignsHelper(rule))
                {
                    onlyHelpersBefore = false;
                    continue;
                }
                var ct = (CtTarget)rule.Target;
                string construct = $"-j CT --helper {ct.Helper}" + (ct.Zone is null ? "" : " --zone");
                if (ct.Zone is not null)
                {
                    yield return NftCompatibility.Report(rule.Location, construct, "nft sets a zone before conntrack and a helper after it, in two rules", "write the helper and the zone in two rules, the zone first");
                }
                else if (!chain.IsBuiltin)
                {
                    yield return NftCompatibility.Report(rule.Location, construct, $"nft sets a helper only after conntrack, so RuleLang moves helper rules out of raw; a rule in user chain {chain.Name} cannot move without the jumps that reach it", "assign helpers in raw PREROUTING or OUTPUT itself");
                }
                else if (!onlyHelpersBefore)
                {
                    yield return NftCompatibility.Report(rule.Location, construct, $"nft sets a helper only after conntrack, so RuleLang moves helper rules out of raw; this one follows a rule of another kind in raw {chain.Name}, which may stop or change the packet first", "put the helper rules first in the chain");
                }
                else if (other is not null)
                {
                    yield return NftCompatibility.Report(rule.Location, construct, $"nft sets a helper only after conntrack, so RuleLang moves helper rules out of raw; raw also has -j {other.Target.Name}, which in nft would act before the helper and in iptables may not", "emit iptables for this policy, or move that rule out of raw");
                }
                else if (rule.Matches.Any(IsConnectionMatch))
                {
                    yield return NftCompatibility.Report(rule.Location, construct, "in raw no connection exists yet, so a conntrack match sees none; nft would test it after conntrack", "leave the conntrack match out of the helper rule");
                }
            }
        }
    }

    private static bool ChangesTheTemplateOrPacket(Rule rule) => rule.Target is NotrackTarget or CtTarget or MarkTarget or ConnmarkTarget;

    private static bool IsConnectionMatch(Match match) =>
        match is ConntrackMatch or ConntrackProtocolMatch or ConntrackAddressMatch or ConntrackPortMatch;
}
