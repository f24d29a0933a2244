using System.Net;
using RuleLang.Model.Values;
using RuleLang.Model.Matches;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// The two tuples conntrack keeps for the traced packet's connection, taken as opened by this packet (the trace
/// follows the original direction). The original tuple is the packet as it arrived, before any NAT. The reply
/// tuple is what a reply will carry: conntrack writes the DNAT target into its source and the SNAT address into
/// its destination as NAT happens, so at any hook it is the packet as it is now, turned round.
/// </summary>
internal static class ConnectionTuple
{
    public static IPAddress Address(PacketState packet, ConntrackTuple tuple, AddressSide side) => (tuple, side) switch
    {
        (ConntrackTuple.Original, AddressSide.Source) => packet.Spec.Source,
        (ConntrackTuple.Original, _) => packet.Spec.Destination,
        (_, AddressSide.Source) => packet.Destination,
        _ => packet.Source,
    };

    /// <summary>A packet without ports (ICMP) is taken as port 0: the trace does not model ICMP ids.</summary>
    public static int Port(PacketState packet, ConntrackTuple tuple, AddressSide side) => (tuple, side) switch
    {
        (ConntrackTuple.Original, AddressSide.Source) => packet.Spec.SourcePort,
        (ConntrackTuple.Original, _) => packet.Spec.DestinationPort,
        (_, AddressSide.Source) => packet.DestinationPort,
        _ => packet.SourcePort,
    } ?? 0;
}
