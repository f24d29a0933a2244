namespace RuleLang.Model.Matches;

/// <summary>-m statistic --mode random --probability p, with p in (0, 1].</summary>
public sealed record RandomMatch(double Probability) : Match;
