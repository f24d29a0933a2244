using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>DNAT --to-destination address[:port[-port]].</summary>
public sealed record DnatTarget(string Address, PortSpan? Ports = null) : Target
{
    public override string Name => "DNAT";

    public override bool IsTerminal => true;

    public override IpFamily? Family => IpNetwork.TryParse(Address, out var n, out _) ? n.Family : null;
}
