using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>REDIRECT --to-ports: DNAT to the host itself.</summary>
public sealed record RedirectTarget(PortSpan Ports) : Target
{
    public override string Name => "REDIRECT";

    public override bool IsTerminal => true;
}
