using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Matches;

/// <summary>-p: the layer-4 protocol.</summary>
public sealed record ProtocolMatch(Protocol Protocol, bool Negated = false) : Match
{
    public override IpFamily? Family => Protocol switch
    {
        Protocol.Icmp => IpFamily.IPv4,
        Protocol.Icmpv6 => IpFamily.IPv6,
        _ => null,
    };
}
