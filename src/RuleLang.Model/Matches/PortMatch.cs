using System.Collections.Generic;
using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>--sport / --dport (one port or range) or, with several entries, -m multiport --sports / --dports.</summary>
public sealed record PortMatch(AddressSide Side, IReadOnlyList<PortSpan> Ports, bool Negated = false) : Match
{
    public bool IsMultiport => Ports.Count > 1;
}
