using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>-m addrtype --src-type / --dst-type.</summary>
public sealed record AddressTypeMatch(AddressSide Side, AddressType Type, bool Negated = false) : Match
{
    /// <summary>The kernel's IPv6 addrtype match refuses these types, so a rule using one is an IPv4 rule.</summary>
    public override IpFamily? Family => Type switch
    {
        AddressType.Broadcast or AddressType.Blackhole or AddressType.Prohibit or AddressType.Throw
            or AddressType.Nat or AddressType.Xresolve => IpFamily.IPv4,
        _ => null,
    };
}
