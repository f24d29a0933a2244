using System;
using System.Net;
using System.Net.Sockets;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// Each match of the model tested against the packet as the kernel's match modules test it. Random and nth
/// matches are not decided here: they are branch points, which <see cref="TraceRun"/> explores both ways.
/// </summary>
internal static class MatchTests
{
    /// <summary>True or false for every match but -m statistic, which <see cref="IsBranch"/> covers.</summary>
    public static bool Test(Match match, PacketState packet, LocalAddressSet local) => match switch
    {
        ProtocolMatch p => Protocol(p, packet) != p.Negated,
        AddressMatch a => a.Network is { } network
            && Contains(network, a.Side == AddressSide.Source ? packet.Source : packet.Destination) != a.Negated,
        InterfaceMatch i => InterfaceName(i.Name, i.Side == InterfaceSide.In ? packet.InInterface : packet.OutInterface) != i.Negated,
        PortMatch p => Port(p, packet),
        ConntrackMatch c => ((packet.StateBits & c.States) != 0) != c.Negated,
        MarkMatch m => ((packet.Mark & m.Mask) == m.Value) != m.Negated,
        AddressTypeMatch t => AddressTypes.Is(t.Type, t.Side == AddressSide.Source ? packet.Source : packet.Destination, local) != t.Negated,
        IcmpTypeMatch icmp => Icmp(icmp, packet),
        AddressRangeMatch r => r.Ends is { } ends
            && InRange(ends.From, ends.To, r.Side == AddressSide.Source ? packet.Source : packet.Destination) != r.Negated,
        SetMatch s => SetMembership.Test(s, packet),
        CommentMatch => true,
        // It counts the packet and always matches.
        NfacctMatch => true,
        // Assumed under the limit (the trace says so): one packet rarely meets a rate limit.
        LimitMatch => true,
        // Assumed under its rate too: upto matches and above does not (the trace says so).
        HashLimitMatch h => !h.Above,
        // Assumed under its count as well: the trace follows one packet, not the host's other connections.
        ConnectionLimitMatch c => !c.Above,
        // xt_tcp never matches a packet that is not TCP, negated or not.
        TcpFlagsMatch f => packet.Protocol == Model.Netfilter.Protocol.Tcp && f.Matches(packet.Spec.EffectiveTcpFlags),
        PacketTypeMatch t => (packet.Spec.PacketType == t.Type) != t.Negated,
        OwnerMatch o => Owner(o, packet.Spec),
        // The trace's packets are routed, never bridged: xt_physdev then matches only when every test is negated.
        PhysdevMatch d => d.MatchesUnbridged,
        RecentMatch r => r.Command == RecentCommand.Set || packet.RecentListsOf(r.Side).Contains(r.Name),
        ConntrackProtocolMatch cp => HasConnection(packet) && (cp.Protocol == packet.Protocol) != cp.Negated,
        ConntrackAddressMatch ca => HasConnection(packet) && ca.Network is { } tupleNetwork
            && Contains(tupleNetwork, ConnectionTuple.Address(packet, ca.Tuple, ca.Side)) != ca.Negated,
        ConntrackPortMatch ct => HasConnection(packet) && ConnectionTuple.Port(packet, ct.Tuple, ct.Side) is var tuplePort
            && (tuplePort >= ct.Ports.Low && tuplePort <= ct.Ports.High) != ct.Negated,
        // The trace follows a connection's original direction; it has no status bits or timeouts, so those tests
        // are assumed to match a packet with a connection (TraceRun notes it).
        ConntrackDirectionMatch cd => HasConnection(packet) && cd.Direction == ConntrackTuple.Original,
        ConntrackStatusMatch => HasConnection(packet),
        ConntrackExpireMatch => HasConnection(packet),
        _ => throw new NotSupportedException($"the trace does not know the match {match.GetType().Name}"),
    };

    /// <summary>The probability a statistic match matches, or null for a match that is not a branch.</summary>
    public static double? IsBranch(Match match) => match switch
    {
        RandomMatch r => KernelProbability.Of(r.Probability),
        // One packet in every n that reach the rule: which one this is depends on the rule's counter.
        NthMatch n => 1.0 / Math.Max(1, n.Every),
        _ => null,
    };

    /// <summary>
    /// xt_conntrack fails every tuple test, negated or not, on a packet without a connection: in the raw table
    /// (conntrack has not run) and when it is untracked.
    /// </summary>
    private static bool HasConnection(PacketState packet) =>
        packet.Conntrack is { } state && (state & ConntrackStates.Untracked) == 0;

    /// <summary>
    /// xt_owner: a packet the host sends carries its socket (uid and gid as the packet text gives them); a received
    /// or forwarded one has none, and then the match holds exactly when every test it makes is negated.
    /// </summary>
    private static bool Owner(OwnerMatch owner, PacketSpec packet)
    {
        static bool In(OwnerIds? ids, uint id) => ids is not { } i || ((id >= i.Low && id <= i.High) != i.Negated);

        return packet.FromLocal
            ? owner.SocketExists != false && In(owner.Uid, packet.Uid) && In(owner.Gid, packet.Gid)
            : owner.MatchesWithoutSocket;
    }

    private static bool Protocol(ProtocolMatch match, PacketState packet) =>
        match.Protocol == Model.Netfilter.Protocol.All || match.Protocol == packet.Protocol;

    /// <summary>xt_iprange: the address is of the range's family and between its ends, both included.</summary>
    private static bool InRange(IpNetwork from, IpNetwork to, IPAddress address)
    {
        byte[] bytes = address.GetAddressBytes();
        if (bytes.Length != from.GetAddressBytes().Length)
        {
            return false;
        }
        var value = System.Numerics.BigInteger.Zero;
        foreach (byte b in bytes)
        {
            value = (value << 8) | b;
        }
        return Symbolic.AddressRanges.Range(from).Low <= value && value <= Symbolic.AddressRanges.Range(to).Low;
    }

    public static bool Contains(IpNetwork network, IPAddress address)
    {
        byte[] bytes = address.GetAddressBytes();
        byte[] net = network.GetAddressBytes();
        if (bytes.Length != net.Length)
        {
            return false;
        }
        int bits = network.PrefixLength;
        for (int i = 0; i < bytes.Length && bits > 0; i++, bits -= 8)
        {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((bytes[i] & mask) != (net[i] & mask))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>iptables' interface test: exact name, or a prefix when the name ends in '+' ("+" alone matches every device and none).</summary>
    public static bool InterfaceName(string pattern, string actual)
    {
        if (pattern.EndsWith("+", StringComparison.Ordinal))
        {
            return actual.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.Ordinal);
        }
        return actual == pattern;
    }

    private static bool Port(PortMatch match, PacketState packet)
    {
        int? port = match.Side == AddressSide.Source ? packet.SourcePort : packet.DestinationPort;
        if (port is not { } p || !packet.Spec.HasPorts)
        {
            // The tcp/udp module never matches a packet without that header, negated or not.
            return false;
        }
        bool inside = false;
        foreach (var span in match.Ports)
        {
            if (p >= span.Low && p <= span.High)
            {
                inside = true;
                break;
            }
        }
        return inside != match.Negated;
    }

    private static bool Icmp(IcmpTypeMatch match, PacketState packet)
    {
        bool icmp = packet.Protocol == (match.IcmpFamily == IpFamily.IPv6 ? Model.Netfilter.Protocol.Icmpv6 : Model.Netfilter.Protocol.Icmp);
        if (!icmp || packet.Spec.IcmpType is not { } type)
        {
            return false;
        }
        return type == match.Type && (match.Code is not { } code || code == (packet.Spec.IcmpCode ?? 0));
    }

    public static bool IsIPv6(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6;
}
