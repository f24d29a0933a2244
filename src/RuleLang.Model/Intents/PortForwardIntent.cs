using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Intents;

/// <summary>Connections arriving for Port are forwarded to an inner host at ToAddress:ToPort and let through.</summary>
public sealed record PortForwardIntent(
    Protocol Protocol, string? InInterface, int Port, string ToAddress, int ToPort, SourceLocation Location)
    : Intent(Location);
