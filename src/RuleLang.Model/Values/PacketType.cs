namespace RuleLang.Model.Values;

/// <summary>
/// <c>-m pkttype --pkt-type</c>: the link-layer class of a packet, as the kernel records it when the packet
/// arrives (or, for a looped-back packet, as xt_pkttype derives it from the destination address).
/// </summary>
public enum PacketType
{
    Unicast,
    Broadcast,
    Multicast,
}
