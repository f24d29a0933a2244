using System.Collections.Generic;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>
/// <c>-m set [!] --match-set NAME src[,dst…]</c>: the packet's source or destination (address or port, as the
/// set's type says) is in the named set. <see cref="Directions"/> gives one side per dimension of the set.
/// <see cref="SetFamily"/> is the family of the set's addresses (null for a port set): an IPv4 set cannot be
/// tested in ip6tables, so it ties the rule to its family.
/// </summary>
public sealed record SetMatch(string Name, IReadOnlyList<AddressSide> Directions, bool Negated = false, IpFamily? SetFamily = null) : Match
{
    public override IpFamily? Family => SetFamily;

    /// <summary>The single side of a one-dimensional test, the only kind a defined set takes.</summary>
    public AddressSide Side => Directions.Count > 0 ? Directions[0] : AddressSide.Source;

    /// <summary>As iptables-save spells the directions: src,dst.</summary>
    public string DirectionText => string.Join(",", System.Linq.Enumerable.Select(Directions, d => d == AddressSide.Source ? "src" : "dst"));

    public bool Equals(SetMatch? other) =>
        other is not null && Name == other.Name && Negated == other.Negated && SetFamily == other.SetFamily
        && EquatableLists.Equal(Directions, other.Directions);

    public override int GetHashCode() => (Name.GetHashCode() * 397) ^ EquatableLists.Hash(Directions);
}
