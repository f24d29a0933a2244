using System.Globalization;
using System.Linq;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Checker;

/// <summary>Short iptables-flavoured words for model nodes, used inside diagnostic messages.</summary>
internal static class Describe
{
    public static string Protocol(Protocol protocol) => protocol switch
    {
        Model.Netfilter.Protocol.All => "any protocol",
        Model.Netfilter.Protocol.Icmpv6 => "icmpv6",
        _ => protocol.ToString().ToLowerInvariant(),
    };

    public static string Match(Match match) => match switch
    {
        AddressMatch a => (a.Negated ? "! " : "") + (a.Side == AddressSide.Source ? "-s " : "-d ") + ValueRules.Printable(a.Address),
        IcmpTypeMatch i => (i.IcmpFamily == IpFamily.IPv4 ? "--icmp-type " : "--icmpv6-type ") + i.Type.ToString(CultureInfo.InvariantCulture),
        ProtocolMatch p => "-p " + Protocol(p.Protocol),
        _ => match.GetType().Name,
    };

    public static string Target(Target target) => target switch
    {
        DnatTarget d => "DNAT to " + ValueRules.Printable(d.Address),
        SnatTarget s => "SNAT to " + ValueRules.Printable(s.Address),
        JumpTarget j => (j.IsGoto ? "goto " : "jump to ") + j.Chain,
        RejectTarget { Family: { } family } r => "REJECT with " + r.With + " (" + (family == Model.Netfilter.IpFamily.IPv4 ? "ICMP" : "ICMPv6") + " only)",
        RejectTarget => "REJECT",
        _ => target.Name,
    };

    public static string Path(System.Collections.Generic.IReadOnlyList<string> path) =>
        path.Count <= 1 ? "" : " (reached by " + string.Join(" → ", path.ToArray()) + ")";
}
