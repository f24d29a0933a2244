using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// The host's own addresses as its local routing table holds them: loopback always, then the ones given or
/// assumed; and the broadcast addresses of the subnets given with a prefix (10.0.0.1/24 makes 10.0.0.255 one).
/// </summary>
internal sealed class LocalAddressSet
{
    // The local table's broadcast routes that exist on every host: the limited broadcast, and lo's (lo is up).
    private static readonly IPAddress LoopbackBroadcast = IPAddress.Parse("127.255.255.255");

    private readonly HashSet<IPAddress> _addresses;
    private readonly HashSet<IPAddress> _broadcasts;

    public LocalAddressSet(IEnumerable<IPAddress> addresses, IEnumerable<IPAddress>? broadcasts = null)
    {
        _addresses = new HashSet<IPAddress>(addresses);
        _broadcasts = new HashSet<IPAddress>(broadcasts ?? Enumerable.Empty<IPAddress>());
    }

    public IReadOnlyList<string> Listed => _addresses.Select(a => a.ToString()).OrderBy(a => a, System.StringComparer.Ordinal).ToArray();

    public bool Contains(IPAddress address)
    {
        if (IsBroadcast(address))
        {
            return false;
        }
        if (IPAddress.IsLoopback(address))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] == 127)
        {
            // The local routing table holds all of 127.0.0.0/8, not only 127.0.0.1.
            return true;
        }
        return _addresses.Contains(address);
    }

    /// <summary>
    /// A broadcast route of the local table: 255.255.255.255, lo's 127.255.255.255, and the last address of each
    /// IPv4 subnet given with a prefix of /30 or shorter (the kernel adds none for /31 and /32). IPv6 has none.
    /// </summary>
    public bool IsBroadcast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork
        && (address.Equals(IPAddress.Broadcast) || address.Equals(LoopbackBroadcast) || _broadcasts.Contains(address));

    /// <summary>224.0.0.0/4 or ff00::/8.</summary>
    public static bool IsMulticast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? (address.GetAddressBytes()[0] & 0xf0) == 0xe0 : address.GetAddressBytes()[0] == 0xff;

    /// <summary>The subnet broadcast of ADDRESS/PREFIX, or null when the kernel adds none (IPv6, /31, /32).</summary>
    public static IPAddress? BroadcastOf(IPAddress address, int prefix)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork || prefix > 30)
        {
            return null;
        }
        byte[] bytes = address.GetAddressBytes();
        uint value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        uint host = prefix == 0 ? uint.MaxValue : (1u << (32 - prefix)) - 1;
        uint broadcast = value | host;
        return new IPAddress(new[] { (byte)(broadcast >> 24), (byte)(broadcast >> 16), (byte)(broadcast >> 8), (byte)broadcast });
    }
}
