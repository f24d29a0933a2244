using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>DNAT --to-destination address[:port[-port]].</summary>
public sealed record DnatTarget(string Address, PortSpan? Ports = null) : NatTarget(Address, Ports)
{
    public override string Name => "DNAT";
}
