namespace RuleLang.Model.Intents;

/// <summary>Traffic leaving by OutInterface (from SourceCidr, if given) takes the address of that interface.</summary>
public sealed record MasqueradeIntent(string? OutInterface, string? SourceCidr, SourceLocation Location) : Intent(Location);
