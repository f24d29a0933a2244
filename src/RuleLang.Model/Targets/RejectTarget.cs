using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>REJECT --reject-with.</summary>
public sealed record RejectTarget(RejectWith With = RejectWith.PortUnreachable) : Target
{
    public override string Name => "REJECT";

    public override bool IsTerminal => true;

    /// <summary>A reply only ICMP or only ICMPv6 has ties the rule to that family; the others fit both.</summary>
    public override IpFamily? Family => With switch
    {
        RejectWith.ProtoUnreachable or RejectWith.NetProhibited or RejectWith.HostProhibited => IpFamily.IPv4,
        RejectWith.PolicyFail or RejectWith.RejectRoute => IpFamily.IPv6,
        _ => null,
    };
}
