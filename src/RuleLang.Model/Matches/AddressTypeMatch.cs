using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>-m addrtype --src-type / --dst-type.</summary>
public sealed record AddressTypeMatch(AddressSide Side, AddressType Type, bool Negated = false) : Match;
