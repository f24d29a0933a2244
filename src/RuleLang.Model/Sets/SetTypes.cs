using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Sets;

/// <summary>Facts about each <see cref="SetType"/>: its family and whether it holds addresses.</summary>
public static class SetTypes
{
    /// <summary>The address family a set of this type ties a rule to; null for ports, which fit both.</summary>
    public static IpFamily? Family(SetType type) => type switch
    {
        SetType.Ipv4Address or SetType.Ipv4Network => IpFamily.IPv4,
        SetType.Ipv6Address or SetType.Ipv6Network => IpFamily.IPv6,
        _ => null,
    };

    public static bool HoldsAddresses(SetType type) => type != SetType.Port;

    public static bool HoldsNetworks(SetType type) => type is SetType.Ipv4Network or SetType.Ipv6Network;

    /// <summary>The address type of a family: what an imported set, whose kind the dump does not say, is taken to hold.</summary>
    public static SetType AddressOf(IpFamily family) => family == IpFamily.IPv6 ? SetType.Ipv6Address : SetType.Ipv4Address;
}
