namespace RuleLang.Model.Matches;

/// <summary>-m mark --mark value[/mask].</summary>
public sealed record MarkMatch(uint Value, uint Mask = 0xffffffff, bool Negated = false) : Match;
