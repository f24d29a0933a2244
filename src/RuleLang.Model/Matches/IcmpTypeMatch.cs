using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Matches;

/// <summary>--icmp-type (IPv4) or --icmpv6-type (IPv6), as type and optional code.</summary>
public sealed record IcmpTypeMatch(IpFamily IcmpFamily, int Type, int? Code = null) : Match
{
    public override IpFamily? Family => IcmpFamily;
}
