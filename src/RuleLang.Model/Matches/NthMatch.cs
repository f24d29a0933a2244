namespace RuleLang.Model.Matches;

/// <summary>-m statistic --mode nth --every n --packet p: matches one packet in every n.</summary>
public sealed record NthMatch(int Every, int Packet) : Match;
