using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Values;

namespace RuleLang.KernelTests.Trace;

/// <summary>A service a host answers on: protocol, port, the address it is bound to (null: any) and its reply ("peer": the address it sees).</summary>
internal sealed record Listener(string Protocol, int Port, string? Bound, string Reply);

/// <summary>A host beyond the firewall: its addresses, the firewall interface it is reached through, what it answers.</summary>
internal sealed record WorldHost(string Role, string[] Addresses, string Interface, Listener[] Listeners);

/// <summary>
/// What a scenario's topology is, as the trace needs it and the kernel test knows it: the firewall's interfaces
/// and addresses, the hosts around it, routes and what listens where. The scenario builds the namespaces; this
/// only describes them, so the trace's predicted outcome can be compared with what the kernel did.
/// Interface names the policies never test are made up (the topology's veth names are random).
/// </summary>
internal sealed record TraceWorld(
    string Firewall,
    (string Interface, string[] Addresses)[] FirewallInterfaces,
    Listener[] FirewallListeners,
    WorldHost[] Hosts,
    (string Network, string Interface)[] Routes,
    string[] Blackholes)
{
    public IEnumerable<string> LocalAddresses => FirewallInterfaces.SelectMany(i => i.Addresses);

    public bool IsLocal(string address) => LocalAddresses.Contains(address, StringComparer.OrdinalIgnoreCase);

    public WorldHost Host(string role) => Hosts.Single(h => h.Role == role);

    public WorldHost? HostAt(string address) => Hosts.FirstOrDefault(h => h.Addresses.Contains(address, StringComparer.OrdinalIgnoreCase));

    /// <summary>The firewall interface a packet to <paramref name="address"/> leaves by; null for a blackholed or unknown destination.</summary>
    public string? Route(string address)
    {
        if (HostAt(address) is { } host)
        {
            return host.Interface;
        }
        foreach (var (network, iface) in Routes)
        {
            if (Contains(network, address))
            {
                return iface;
            }
        }
        return null;
    }

    public bool Blackholed(string address) => Blackholes.Any(b => Contains(b, address));

    public static bool IsV6(string address) => address.Contains(':');

    /// <summary>The firewall's address of the address's family on an interface (what MASQUERADE takes), else its first of that family.</summary>
    public string AddressOn(string? iface, bool v6) =>
        FirewallInterfaces.Where(i => i.Interface == iface).SelectMany(i => i.Addresses).FirstOrDefault(a => IsV6(a) == v6)
        ?? LocalAddresses.First(a => IsV6(a) == v6);

    public static string? Answer(IEnumerable<Listener> listeners, string protocol, string address, int port) =>
        listeners.FirstOrDefault(l => l.Protocol == protocol && l.Port == port && (l.Bound is null || string.Equals(l.Bound, address, StringComparison.OrdinalIgnoreCase)))?.Reply;

    private static bool Contains(string cidr, string address)
    {
        IpNetwork.TryParse(cidr, out var network, out _);
        IpNetwork.TryParse(address, out var host, out _);
        if (network.Family != host.Family)
        {
            return false;
        }
        byte[] a = network.GetAddressBytes();
        byte[] b = host.GetAddressBytes();
        int bits = network.PrefixLength;
        for (int i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((a[i] & mask) != (b[i] & mask))
            {
                return false;
            }
        }
        return true;
    }
}
