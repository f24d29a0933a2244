using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>MASQUERADE [--to-ports] [--random-fully].</summary>
public sealed record MasqueradeTarget(PortSpan? Ports = null, bool RandomFully = false) : Target
{
    public override string Name => "MASQUERADE";

    public override bool IsTerminal => true;
}
