using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Sets;
using RuleLang.Model.Values;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// The policy's named sets in nft: each defined set is declared inside the policy's table (nft sets belong to a
/// table) and tested as <c>ip saddr @NAME</c>, <c>tcp dport @NAME</c>. An external set lives in ipset, which nft
/// cannot see, so a rule testing one has no nft form (RL3101).
/// </summary>
public static class NftSets
{
    /// <summary>The set declarations at the top of the table, apart by blank lines, the last ending in a line break; "" without sets.</summary>
    public static string Declarations(Policy policy)
    {
        var text = new StringBuilder();
        foreach (var set in policy.Sets.Where(s => !s.External))
        {
            // A blank line between sets, as nft list ruleset prints them.
            text.Append(text.Length > 0 ? "\n" : "").Append("\tset ").Append(set.Name).Append(" {\n");
            text.Append("\t\ttype ").Append(TypeName(set.Type)).Append('\n');
            var flags = new List<string>();
            bool intervals = SetTypes.HoldsNetworks(set.Type) || set.Elements.Any(e => e.IndexOf('-') >= 0);
            if (intervals)
            {
                flags.Add("interval");
            }
            if (set.Timeout != null)
            {
                flags.Add("timeout");
            }
            if (flags.Count > 0)
            {
                text.Append("\t\tflags ").Append(string.Join(",", flags)).Append('\n');
            }
            if (set.Timeout is { } timeout)
            {
                text.Append("\t\ttimeout ").Append(NftValues.Number(timeout)).Append("s\n");
            }
            if (intervals)
            {
                // ipset's hash:net takes overlapping networks (10.0.0.0/8 and 10.1.0.0/16); nft refuses them without it.
                text.Append("\t\tauto-merge\n");
            }
            if (set.Elements.Count > 0)
            {
                text.Append("\t\telements = { ").Append(string.Join(", ", set.Elements.Select(e => Element(set.Type, e)))).Append(" }\n");
            }
            text.Append("\t}\n");
        }
        return text.ToString();
    }

    /// <summary>The test of a set: the family's address keyword for an address set, the rule's protocol for a port set.</summary>
    public static string Test(SetMatch set, string protocolWord)
    {
        string side = set.Side == AddressSide.Source ? "saddr " : "daddr ";
        string subject = set.SetFamily switch
        {
            IpFamily.IPv4 => "ip " + side,
            IpFamily.IPv6 => "ip6 " + side,
            _ => protocolWord + (set.Side == AddressSide.Source ? " sport " : " dport "),
        };
        return subject + (set.Negated ? "!= " : "") + "@" + set.Name;
    }

    /// <summary>RL3101 for each external set a rule tests, once per set, at the first rule.</summary>
    public static IReadOnlyList<PolicyDiagnostic> Check(Policy lowered)
    {
        var found = new List<PolicyDiagnostic>();
        var reported = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var rule in lowered.Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules))
        {
            foreach (var match in rule.Matches.OfType<SetMatch>())
            {
                if (lowered.FindSet(match.Name) is { External: true } && reported.Add(match.Name))
                {
                    found.Add(PolicyDiagnostic.Create(DiagnosticCatalog.NoFaithfulNftForm, match.Location ?? rule.Location,
                        $"the test of external set '{match.Name}'", "it is an ipset set, and nft cannot see ipset sets",
                        "define the set in the policy (C# p.Set, .rl set NAME TYPE { … }), or emit this policy for iptables"));
                }
            }
        }
        return found;
    }

    private static string TypeName(SetType type) => type switch
    {
        SetType.Ipv4Address or SetType.Ipv4Network => "ipv4_addr",
        SetType.Ipv6Address or SetType.Ipv6Network => "ipv6_addr",
        _ => "inet_service",
    };

    /// <summary>An element as nft prints it back: networks in their canonical form, ports as written.</summary>
    private static string Element(SetType type, string element) =>
        SetElements.TryNetwork(type, element, out var network)
            ? (network.IsHost ? network.AddressText : network.ToString())
            : element;
}
