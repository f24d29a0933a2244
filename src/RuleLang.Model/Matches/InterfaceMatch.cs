namespace RuleLang.Model.Matches;

using RuleLang.Model.Values;

/// <summary>-i / -o: an interface name; a trailing '+' matches every name with that prefix.</summary>
public sealed record InterfaceMatch(InterfaceSide Side, string Name, bool Negated = false) : Match;
