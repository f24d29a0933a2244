using System.Globalization;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Sets;

/// <summary>
/// Reads a set element as its set's type says: an address or network of the set's family, or a port or port range
/// written LOW-HIGH as ipset and nft spell it. Elements are kept as written so the checker can quote them.
/// </summary>
public static class SetElements
{
    /// <summary>The element as a network: a host for the address types, a CIDR for the network ones.</summary>
    public static bool TryNetwork(SetType type, string element, out IpNetwork network)
    {
        if (!SetTypes.HoldsAddresses(type) || !IpNetwork.TryParse(element, out network, out _) || network.Family != SetTypes.Family(type))
        {
            network = default;
            return false;
        }
        return SetTypes.HoldsNetworks(type) || network.IsHost;
    }

    /// <summary>The element as a port span: one port, or LOW-HIGH in order, each 1 to 65535.</summary>
    public static bool TryPorts(SetType type, string element, out PortSpan span)
    {
        span = default;
        if (type != SetType.Port)
        {
            return false;
        }
        int dash = element.IndexOf('-');
        string low = dash < 0 ? element : element.Substring(0, dash);
        string high = dash < 0 ? element : element.Substring(dash + 1);
        if (!TryPort(low, out int from) || !TryPort(high, out int to) || from > to)
        {
            return false;
        }
        span = new PortSpan(from, to);
        return true;
    }

    /// <summary>What an element of this type looks like, for a diagnostic: "an IPv4 address".</summary>
    public static string Describe(SetType type) => type switch
    {
        SetType.Ipv4Address => "one IPv4 address",
        SetType.Ipv6Address => "one IPv6 address",
        SetType.Ipv4Network => "an IPv4 address or network (CIDR)",
        SetType.Ipv6Network => "an IPv6 address or network (CIDR)",
        _ => "a port or port range (LOW-HIGH, 1 to 65535)",
    };

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port >= PortSpan.MinPort && port <= PortSpan.MaxPort
        && text.Length <= 5;
}
