using System;
using System.Collections.Generic;
using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Values;

/// <summary>
/// The ICMP and ICMPv6 type names iptables accepts (from iptables 1.8's libipt_icmp and libip6t_icmp6), each a
/// type alone (every code) or a type and code. Shared by every front end, so a name means one thing everywhere.
/// </summary>
public static class IcmpNames
{
    /// <summary>libipt_icmp's names.</summary>
    public static readonly IReadOnlyList<(string Name, int Type, int? Code)> Icmp = new (string, int, int?)[]
    {
        ("echo-reply", 0, null), ("pong", 0, null),
        ("destination-unreachable", 3, null), ("network-unreachable", 3, 0), ("host-unreachable", 3, 1),
        ("protocol-unreachable", 3, 2), ("port-unreachable", 3, 3), ("fragmentation-needed", 3, 4),
        ("source-route-failed", 3, 5), ("network-unknown", 3, 6), ("host-unknown", 3, 7),
        ("network-prohibited", 3, 9), ("host-prohibited", 3, 10), ("TOS-network-unreachable", 3, 11),
        ("TOS-host-unreachable", 3, 12), ("communication-prohibited", 3, 13), ("host-precedence-violation", 3, 14),
        ("precedence-cutoff", 3, 15), ("source-quench", 4, null), ("redirect", 5, null), ("network-redirect", 5, 0),
        ("host-redirect", 5, 1), ("TOS-network-redirect", 5, 2), ("TOS-host-redirect", 5, 3),
        ("echo-request", 8, null), ("ping", 8, null), ("router-advertisement", 9, null), ("router-solicitation", 10, null),
        ("time-exceeded", 11, null), ("ttl-exceeded", 11, null), ("ttl-zero-during-transit", 11, 0),
        ("ttl-zero-during-reassembly", 11, 1), ("parameter-problem", 12, null), ("ip-header-bad", 12, 0),
        ("required-option-missing", 12, 1), ("timestamp-request", 13, null), ("timestamp-reply", 14, null),
        ("address-mask-request", 17, null), ("address-mask-reply", 18, null),
    };

    /// <summary>libip6t_icmp6's names.</summary>
    public static readonly IReadOnlyList<(string Name, int Type, int? Code)> Icmpv6 = new (string, int, int?)[]
    {
        ("destination-unreachable", 1, null), ("no-route", 1, 0), ("communication-prohibited", 1, 1),
        ("beyond-scope", 1, 2), ("address-unreachable", 1, 3), ("port-unreachable", 1, 4), ("failed-policy", 1, 5),
        ("reject-route", 1, 6), ("packet-too-big", 2, null), ("time-exceeded", 3, null), ("ttl-exceeded", 3, null),
        ("ttl-zero-during-transit", 3, 0), ("ttl-zero-during-reassembly", 3, 1), ("parameter-problem", 4, null),
        ("bad-header", 4, 0), ("unknown-header-type", 4, 1), ("unknown-option", 4, 2),
        ("echo-request", 128, null), ("ping", 128, null), ("echo-reply", 129, null), ("pong", 129, null),
        ("mld-listener-query", 130, null), ("mld-listener-report", 131, null), ("mld-listener-done", 132, null),
        ("mld-listener-reduction", 132, null), ("router-solicitation", 133, null), ("router-advertisement", 134, null),
        ("neighbour-solicitation", 135, null), ("neighbor-solicitation", 135, null),
        ("neighbour-advertisement", 136, null), ("neighbor-advertisement", 136, null), ("redirect", 137, null),
    };

    public static IReadOnlyList<(string Name, int Type, int? Code)> For(IpFamily family) =>
        family == IpFamily.IPv6 ? Icmpv6 : Icmp;

    /// <summary>An exact name, compared without case as iptables does (strcasecmp); no abbreviations.</summary>
    public static bool TryFind(IpFamily family, string name, out int type, out int? code)
    {
        foreach (var entry in For(family))
        {
            if (string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                type = entry.Type;
                code = entry.Code;
                return true;
            }
        }
        type = 0;
        code = null;
        return false;
    }
}
