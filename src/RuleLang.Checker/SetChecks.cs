using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Sets;

namespace RuleLang.Checker;

/// <summary>
/// Named sets (docs/sets.md): each declaration (name, elements, timeout) and each rule's test of one (declared,
/// one direction per value of an element, of the rule's family, a port set only after tcp, udp or sctp).
/// </summary>
internal static class SetChecks
{
    /// <summary>ipset's largest timeout in seconds (IPSET_MAX_TIMEOUT: (2³²-1)/2 ms).</summary>
    public const int MaxTimeout = 2147483;

    public static void Check(Policy policy, DiagnosticBag bag)
    {
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var set in policy.Sets)
        {
            if (!seen.Add(set.Name))
            {
                bag.Report(DiagnosticCatalog.SetDeclaredTwice, set.Location, ValueRules.Printable(set.Name));
            }
            CheckDeclaration(set, bag);
        }
        foreach (var rule in policy.Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules))
        {
            foreach (var match in rule.Matches.OfType<SetMatch>())
            {
                CheckMatch(match, rule, policy.FindSet(match.Name), match.Location ?? rule.Location, bag);
            }
        }
    }

    private static void CheckDeclaration(NamedSet set, DiagnosticBag bag)
    {
        CheckName(set.Name, set.Location, bag, set.External);
        if (set.Timeout is { } timeout)
        {
            ValueRules.CheckRange("set timeout", timeout, 1, MaxTimeout, set.Location, bag);
        }
        if (set.Dimension < 1 || set.Dimension > NamedSet.MaxDimension || (!set.External && set.Dimension != 1))
        {
            bag.Report(DiagnosticCatalog.ValueOutOfRange, set.Location, "set dimension", set.Dimension, $"a defined set holds single values; an external one 1 to {NamedSet.MaxDimension}");
        }
        foreach (string element in set.Elements)
        {
            bool fits = set.Type == SetType.Port ? SetElements.TryPorts(set.Type, element, out _) : SetElements.TryNetwork(set.Type, element, out _);
            if (!fits)
            {
                bag.Report(DiagnosticCatalog.SetElementNotOfType, set.Location, ValueRules.Printable(element), ValueRules.Printable(set.Name),
                    SetElements.Describe(set.Type), "correct it, or move it to a set of its kind");
            }
            else if (SetTypes.HoldsNetworks(set.Type))
            {
                // A network with host bits set is stored as its network by ipset and refused by nft: say so once.
                ValueRules.CheckNetwork(element, set.Location, bag);
            }
        }
    }

    /// <summary>
    /// ipset takes a name of up to 31 bytes; nft's parser reads an unquoted set name as a letter or '_' followed
    /// by letters, digits, '-', '_', '.' and '/'. The intersection without '/', which a file path would confuse,
    /// is what both load (SetNameKernelTests). An external set is ipset's alone (nft cannot see it, RL3101), and ipset
    /// and iptables-restore also take ':' there, which Calico's set names hold (cali40s:…; the corpus loads one).
    /// </summary>
    public static void CheckName(string name, SourceLocation at, DiagnosticBag bag, bool external = false)
    {
        string? problem = name.Length == 0 ? "is empty"
            : name.Length > NamedSet.MaxNameLength ? $"is {ValueRules.Utf8Bytes(name)} bytes long"
            : !(IsLetter(name[0]) || name[0] == '_') ? "does not start with a letter or '_'"
            : name.Any(c => !(IsLetter(c) || c is >= '0' and <= '9' || c is '-' or '_' or '.' || (external && c == ':')))
                ? "holds a character other than a letter, digit, '-', '_' or '.'" + (external ? " or, for an external set, ':'" : "")
            : null;
        if (problem != null)
        {
            bag.Report(DiagnosticCatalog.InvalidSetName, at, ValueRules.Printable(name), problem);
        }
    }

    private static bool IsLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    private static void CheckMatch(SetMatch match, Rule rule, NamedSet? set, SourceLocation at, DiagnosticBag bag)
    {
        string name = ValueRules.Printable(match.Name);
        if (set is null)
        {
            bag.Report(DiagnosticCatalog.SetNotDeclared, at, name);
            return;
        }
        if (match.Directions.Count != set.Dimension)
        {
            bag.Report(DiagnosticCatalog.SetDirectionsDoNotFit, at, name, set.Dimension, match.Directions.Count, match.DirectionText.Length == 0 ? "none" : match.DirectionText);
        }
        if (match.SetFamily != set.Family)
        {
            bag.Report(DiagnosticCatalog.SetMatchDoesNotFit, at, name, $"is written for {Family(match.SetFamily)}, but the set holds {Family(set.Family)}",
                "test the set in a rule of its own family");
        }
        if (set.Type == SetType.Port && rule.Protocol is not (Protocol.Tcp or Protocol.Udp or Protocol.Sctp))
        {
            bag.Report(DiagnosticCatalog.SetMatchDoesNotFit, at, name, $"compares ports, but the rule's protocol is {Describe.Protocol(rule.Protocol)}",
                "match tcp, udp or sctp first, since only they have ports");
        }
    }

    private static string Family(IpFamily? family) => family switch
    {
        IpFamily.IPv4 => "IPv4 addresses",
        IpFamily.IPv6 => "IPv6 addresses",
        _ => "ports",
    };
}
