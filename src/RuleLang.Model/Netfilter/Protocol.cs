namespace RuleLang.Model.Netfilter;

public enum Protocol
{
    All,
    Tcp,
    Udp,
    Sctp,
    Icmp,
    Icmpv6,
}
