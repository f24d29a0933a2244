using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Intents;

/// <summary>
/// kube-proxy's --nodeport-addresses (pkg/proxy/util NodePortAddresses) for one family: no range of the family, or
/// one of length 0, means every local address; otherwise the node's addresses in the ranges. The node's addresses
/// are those the policy knows (<see cref="ClusterSettings.NodeIps"/>) and the loopback address, which IPv6 NodePorts
/// never answer on and IPv4 ones only with localhost NodePorts.
/// </summary>
public static class NodePortAddressRange
{
    public static bool MatchesAll(ClusterSettings cluster, IpFamily family)
    {
        var ranges = Ranges(cluster, family).ToArray();
        return ranges.Length == 0 || ranges.Any(r => r.PrefixLength == 0);
    }

    /// <summary>The node addresses in the family's ranges, loopback first (kube-proxy reads the interfaces in order, lo first).</summary>
    public static IEnumerable<string> NodeAddresses(ClusterSettings cluster, IpFamily family)
    {
        var ranges = Ranges(cluster, family).ToArray();
        string loopback = family == IpFamily.IPv4 ? "127.0.0.1" : "::1";
        bool loopbackAnswers = family == IpFamily.IPv4 && cluster.LocalhostNodePorts;
        var candidates = (loopbackAnswers ? new[] { loopback } : new string[0]).Concat(cluster.NodeIps);
        foreach (string address in candidates.Distinct())
        {
            if (IpNetwork.TryParse(address, out var host, out _) && host.Family == family && ranges.Any(r => r.Contains(host)))
            {
                yield return host.AddressText;
            }
        }
    }

    /// <summary>
    /// The node addresses that take NodePort traffic in nftables mode, which never answers on loopback: null when
    /// every local address does (no range of the family, or one of length 0, and no node address known), else the
    /// node's addresses, in the ranges when there are any (possibly none, and then no address takes NodePorts).
    /// </summary>
    public static IReadOnlyList<string>? NftNodePortIps(ClusterSettings cluster, IpFamily family)
    {
        var nodeIps = cluster.NodeIps
            .Where(a => IpNetwork.TryParse(a, out var host, out _) && host.Family == family)
            .Select(a => IpNetwork.Parse(a).AddressText)
            .Distinct()
            .ToList();
        if (MatchesAll(cluster, family))
        {
            return nodeIps.Count > 0 ? nodeIps : null;
        }
        var ranges = Ranges(cluster, family).ToArray();
        return nodeIps.Where(a => ranges.Any(r => r.Contains(IpNetwork.Parse(a)))).ToList();
    }

    private static IEnumerable<IpNetwork> Ranges(ClusterSettings cluster, IpFamily family)
    {
        foreach (string cidr in cluster.NodePortAddresses)
        {
            if (IpNetwork.TryParse(cidr, out var range, out _) && range.Family == family)
            {
                yield return range;
            }
        }
    }
}
