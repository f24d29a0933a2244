using System.Net;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// -m addrtype as xt_addrtype answers it from the routing tables, for a host whose only local addresses are the
/// ones the trace knows. IPv4 asks the local table: 0.0.0.0/8 and its broadcast routes (255.255.255.255, lo's,
/// and each given subnet's last address) are BROADCAST, 224/4 MULTICAST,
/// the host's addresses LOCAL, anything else UNICAST. IPv6 is another module: every non-multicast address but ::
/// is UNICAST (local ones too), ::1 and the host's addresses also LOCAL.
/// </summary>
internal static class AddressTypes
{
    public static bool Is(AddressType type, IPAddress address, LocalAddressSet local)
    {
        byte[] bytes = address.GetAddressBytes();
        if (MatchTests.IsIPv6(address))
        {
            bool multicast = bytes[0] == 0xff;
            bool unspecified = address.Equals(IPAddress.IPv6Any);
            return type switch
            {
                AddressType.Multicast => multicast,
                AddressType.Unicast => !multicast && !unspecified,
                AddressType.Unspec => unspecified,
                AddressType.Local => local.Contains(address),
                _ => false,
            };
        }
        AddressType actual =
            bytes[0] == 0 || local.IsBroadcast(address) ? AddressType.Broadcast
            : (bytes[0] & 0xf0) == 0xe0 ? AddressType.Multicast
            : local.Contains(address) ? AddressType.Local
            : AddressType.Unicast;
        return actual == type;
    }
}
