using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Intents;

/// <summary>Connections to FromPort on this host are served by ToPort on this host (80 → 8080).</summary>
public sealed record PortRedirectIntent(Protocol Protocol, int FromPort, int ToPort, string? InInterface, SourceLocation Location)
    : Intent(Location);
