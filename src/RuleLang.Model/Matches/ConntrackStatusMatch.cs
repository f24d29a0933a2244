using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>
/// -m conntrack --ctstatus: the connection has any of these status bits. NONE (no bit) matches no connection,
/// and ! NONE every one (measured). Like the tuple tests it fails on a packet without a connection, negated or not.
/// </summary>
public sealed record ConntrackStatusMatch(ConntrackStatus Status, bool Negated = false) : Match;
