using System.Net;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// One packet to trace, as netfilter sees it when it arrives: addresses and ports, the interfaces, the state
/// conntrack gives it and its mark. <see cref="PacketParser"/> reads it from text such as
/// <c>tcp 203.0.113.5:40000 -> 10.102.84.62:80 iif eth0</c>.
/// </summary>
public sealed record PacketSpec(Protocol Protocol, IPAddress Source, int? SourcePort, IPAddress Destination, int? DestinationPort)
{
    /// <summary>The port a packet gets when its text gives none: the first of the kernel's default ephemeral range.</summary>
    public const int DefaultSourcePort = 32768;

    /// <summary>The interface it arrived on; null for a packet the host itself sends.</summary>
    public string? InInterface { get; init; }

    /// <summary>The interface routing sends it out of, when the text says; null when unknown.</summary>
    public string? OutInterface { get; init; }

    /// <summary>Made by a local process (OUTPUT, then POSTROUTING) rather than received (PREROUTING).</summary>
    public bool FromLocal { get; init; }

    /// <summary>
    /// What conntrack says of the packet: one of New, Established, Related, Invalid, Untracked, with the Dnat and
    /// Snat flags when the connection was already NATed.
    /// </summary>
    public ConntrackStates State { get; init; } = ConntrackStates.New;

    public uint Mark { get; init; }

    /// <summary>The uid of the socket a packet from local was sent from (root unless the text says), for -m owner.</summary>
    public uint Uid { get; init; }

    /// <summary>The gid of that socket, for -m owner.</summary>
    public uint Gid { get; init; }

    /// <summary>ICMP or ICMPv6 type and code (echo-request when the text says none).</summary>
    public int? IcmpType { get; init; }

    public int? IcmpCode { get; init; }

    /// <summary>The TCP flags the text gives (<c>flags syn,ack</c>), or null for the usual ones, see <see cref="EffectiveTcpFlags"/>.</summary>
    public TcpFlags? TcpFlags { get; init; }

    /// <summary>
    /// The segment's flags: those the text gives, else SYN for a packet conntrack calls new (the segment that opens
    /// a connection) and ACK for any other, as every segment after the handshake carries ACK.
    /// </summary>
    public TcpFlags EffectiveTcpFlags => TcpFlags ?? ((State & ConntrackStates.New) != 0 ? Model.Values.TcpFlags.Syn : Model.Values.TcpFlags.Ack);

    /// <summary>
    /// What xt_pkttype sees. A received packet is classed by its link-layer destination, which the trace takes from
    /// the IP destination: 224.0.0.0/4 and ff00::/8 multicast, 255.255.255.255 broadcast, anything else unicast (a
    /// subnet's directed broadcast is not known here). A packet the host sends keeps the class "host" (unicast).
    /// </summary>
    public PacketType PacketType
    {
        get
        {
            if (FromLocal)
            {
                return PacketType.Unicast;
            }
            byte[] bytes = Destination.GetAddressBytes();
            return Family == IpFamily.IPv6
                ? (bytes[0] == 0xff ? PacketType.Multicast : PacketType.Unicast)
                : (bytes[0] & 0xf0) == 0xe0 ? PacketType.Multicast
                : Destination.Equals(IPAddress.Broadcast) ? PacketType.Broadcast
                : PacketType.Unicast;
        }
    }

    public IpFamily Family => Source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;

    public bool HasPorts => Protocol is Protocol.Tcp or Protocol.Udp or Protocol.Sctp;
}
