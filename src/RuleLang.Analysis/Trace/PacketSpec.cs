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

    /// <summary>ICMP or ICMPv6 type and code (echo-request when the text says none).</summary>
    public int? IcmpType { get; init; }

    public int? IcmpCode { get; init; }

    public IpFamily Family => Source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;

    public bool HasPorts => Protocol is Protocol.Tcp or Protocol.Udp or Protocol.Sctp;
}
