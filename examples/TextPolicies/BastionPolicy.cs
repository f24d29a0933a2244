using RuleLang;
using RuleLang.Model.Values;

namespace RuleLang.Examples.TextPolicies;

/// <summary>
/// A C# policy beside the .rl ones, written with a .rl file's definitions: an SSH jump host that only the office
/// LAN may reach, the same office LAN that policies/web-server.rl defines (<c>define office = { … }</c>), so the
/// two hosts can never disagree about it. Each address of the list becomes its own rule, as in the .rl file.
/// </summary>
public sealed class BastionPolicy : PolicyDefinition
{
    public override string Name => "bastion";

    protected override void Define(PolicyBuilder p)
    {
        var input = p.Filter.Input;
        input.Policy(Verdict.Drop);
        input.Rule().InInterface("lo").Accept();
        input.Rule().State(ConntrackStates.Established | ConntrackStates.Related).Accept();
        foreach (string office in WebServerPolicy.Definitions.Office)
        {
            input.Tcp().DestinationPort(22).Source(office).Comment("ssh from the office LAN only").Accept();
        }
        input.Icmpv6().Comment("IPv6 cannot work without ICMPv6 neighbour discovery").Accept();
        p.Filter.Forward.Policy(Verdict.Drop);
    }
}
