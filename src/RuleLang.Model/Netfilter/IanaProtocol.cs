namespace RuleLang.Model.Netfilter;

/// <summary>
/// The IANA protocol number of each <see cref="Protocol"/>: iptables-save prints conntrack's --ctproto as this
/// number, and nft's "ct original protocol" takes it.
/// </summary>
public static class IanaProtocol
{
    public static int Number(Protocol protocol) => protocol switch
    {
        Protocol.Tcp => 6,
        Protocol.Udp => 17,
        Protocol.Sctp => 132,
        Protocol.Icmp => 1,
        Protocol.Icmpv6 => 58,
        _ => 0,
    };
}
