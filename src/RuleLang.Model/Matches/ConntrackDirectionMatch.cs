namespace RuleLang.Model.Matches;

/// <summary>
/// -m conntrack --ctdir ORIGINAL|REPLY: the packet travels in the direction of the connection's first packet, or
/// against it. iptables cannot negate it (REPLY is the other answer). Fails on a packet without a connection.
/// </summary>
public sealed record ConntrackDirectionMatch(ConntrackTuple Direction) : Match;
