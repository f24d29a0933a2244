using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary><c>-m pkttype --pkt-type unicast|broadcast|multicast</c>, with <c>!</c>.</summary>
public sealed record PacketTypeMatch(PacketType Type, bool Negated = false) : Match;
