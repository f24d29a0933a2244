using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>-m conntrack --ctstate.</summary>
public sealed record ConntrackMatch(ConntrackStates States, bool Negated = false) : Match;
