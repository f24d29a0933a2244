using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>SNAT --to-source address[:port[-port]].</summary>
public sealed record SnatTarget(string Address, PortSpan? Ports = null) : Target
{
    public override string Name => "SNAT";

    public override bool IsTerminal => true;

    public override IpFamily? Family => IpNetwork.TryParse(Address, out var n, out _) ? n.Family : null;
}
