using System;
using System.Collections.Generic;
using RuleLang.Model.Netfilter;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// Names in the nft script. nft 1.0.6 takes table and chain names only as bare words (a quoted name is a syntax
/// error), so every name must be a word its scanner does not read as a keyword. Chains are named
/// <c>&lt;table&gt;_&lt;chain&gt;</c> (<c>filter_INPUT</c>, <c>nat_KUBE-SERVICES</c>): one inet table holds what were
/// five iptables tables, the prefix keeps equal chain names of two tables apart, and a table name has no '_', so
/// the name maps back to exactly one iptables chain. Such a word is never a keyword (the scanner takes the longest
/// match, and no keyword contains '_' after a table name).
/// </summary>
public static class NftNames
{
    /// <summary>
    /// Words nft 1.0.6 refuses as a table name, found by trying every keyword of its parser
    /// (<c>table inet WORD</c> with <c>nft -c</c>). A policy with one of these names cannot name its table.
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedTableNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "accept", "add", "ah", "all", "arp", "auto-merge", "bridge", "cgroup", "chain", "comment", "comp",
        "constant", "continue", "counter", "cpu", "create", "ct", "day", "dccp", "define", "delete", "describe",
        "device", "devices", "dnat", "drop", "dst", "dup", "dynamic", "ecn", "element", "elements", "esp", "ether",
        "exists", "expires", "export", "exthdr", "fib", "flags", "flow", "flowtable", "flush", "frag", "fwd",
        "gc-interval", "get", "goto", "handle", "hbh", "hook", "hour", "ibriport", "ibrname", "icmp", "icmpv6",
        "igmp", "iif", "iifgroup", "iifname", "iiftype", "import", "include", "index", "inet", "insert", "interval",
        "ip", "ip6", "ipsec", "jhash", "jump", "limit", "list", "log", "map", "mark", "masquerade", "meta", "meter",
        "mh", "missing", "monitor", "netdev", "nftrace", "notrack", "numgen", "obriport", "obrname", "offload",
        "oif", "oifgroup", "oifname", "oiftype", "osf", "pkttype", "policy", "position", "priority", "queue",
        "quota", "random", "redefine", "redirect", "reject", "rename", "replace", "reset", "return", "rt", "rt0",
        "rt2", "rtclassid", "rule", "ruleset", "sctp", "secmark", "set", "size", "skgid", "skuid", "snat", "socket",
        "srh", "symhash", "synproxy", "table", "tcp", "th", "time", "timeout", "tproxy", "type", "typeof", "udp",
        "udplite", "undefine", "update", "vlan", "vmap", "xt"
    };

    public static string Table(string policyName) => policyName;

    public static bool IsUsableTableName(string policyName) => !ReservedTableNames.Contains(policyName);

    public static string Chain(TableKind table, string chain) => NetfilterFacts.TableName(table) + "_" + chain;
}
