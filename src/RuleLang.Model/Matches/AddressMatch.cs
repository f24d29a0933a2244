using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>-s / -d: an address or CIDR, kept as written so the checker can report it as written.</summary>
public sealed record AddressMatch(AddressSide Side, string Address, bool Negated = false) : Match
{
    public override IpFamily? Family => IpNetwork.TryParse(Address, out var network, out _) ? network.Family : null;
}
