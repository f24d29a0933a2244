using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>SNAT --to-source address[:port[-port]].</summary>
public sealed record SnatTarget(string Address, PortSpan? Ports = null) : NatTarget(Address, Ports)
{
    public override string Name => "SNAT";
}
