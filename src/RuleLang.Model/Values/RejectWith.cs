namespace RuleLang.Model.Values;

/// <summary>What REJECT answers with; named by meaning so one rule serves IPv4 and IPv6.</summary>
public enum RejectWith
{
    PortUnreachable,
    HostUnreachable,
    NetUnreachable,
    AdminProhibited,
    TcpReset,

    // The replies one family alone has: ICMP's protocol unreachable and network and host prohibited (iptables only),
    // ICMPv6's source address failed policy and reject route to destination (ip6tables only).
    ProtoUnreachable,
    NetProhibited,
    HostProhibited,
    PolicyFail,
    RejectRoute,
}
