using System.Collections.Immutable;
using System.Globalization;
using RuleLang.Model.Values;

namespace RuleLang.Analyzers;

/// <summary>
/// What RL0102 (CIDR has host bits set) carries for its code fix: the network the kernel will use, and the single
/// host, both as text, so the fix need not parse addresses again.
/// </summary>
public static class HostBits
{
    /// <summary>The network with host bits cleared, as the message suggests: 192.168.1.5/24 → 192.168.1.0/24.</summary>
    public const string NetworkProperty = "RuleLang.Network";

    /// <summary>The single host the text names: 192.168.1.5/24 → 192.168.1.5/32.</summary>
    public const string HostProperty = "RuleLang.Host";

    public static ImmutableDictionary<string, string?>? PropertiesFor(string address)
    {
        if (!IpNetwork.TryParse(address, out var network, out _) || !network.HasHostBits)
        {
            return null;
        }
        int slash = address.IndexOf('/');
        string host = address.Substring(0, slash) + "/" + network.MaxPrefixLength.ToString(CultureInfo.InvariantCulture);
        return ImmutableDictionary<string, string?>.Empty
            .Add(NetworkProperty, network.Network.ToString())
            .Add(HostProperty, host);
    }
}
