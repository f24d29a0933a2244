using RuleLang;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Examples.Gateway;

/// <summary>
/// A home or branch gateway between an inside LAN (lan0, 10.0.0.0/24) and the outside (wan0): the LAN may go
/// out and is masqueraded, SSH on port 2222 outside reaches the inner server 10.0.0.2, interactive SSH gets a
/// QoS mark and class, and the busy metrics port skips connection tracking. The gateway does not route IPv6:
/// its default DROP applies to IPv6 as well (the build emits gateway.ip6tables for that).
/// </summary>
public sealed class GatewayPolicy : PolicyDefinition
{
    public const string Lan = "lan0";
    public const string Wan = "wan0";
    public const string LanNetwork = "10.0.0.0/24";
    public const string InnerServer = "10.0.0.2";
    public const int MetricsPort = 8125;

    public override string Name => "gateway";

    protected override void Define(PolicyBuilder p)
    {
        var input = p.Filter.Input;
        input.Policy(Verdict.Drop);
        input.Rule().InInterface("lo").Accept();
        input.Rule().State(ConntrackStates.Established | ConntrackStates.Related).Accept();
        input.Tcp().InInterface(Lan).DestinationPort(22).Comment("manage the gateway from the LAN").Accept();
        input.Udp().DestinationPort(MetricsPort).State(ConntrackStates.Untracked).Comment("metrics, untracked").Accept();
        input.Icmpv6().Comment("IPv6 cannot work without ICMPv6 neighbour discovery").Accept();

        var forward = p.Filter.Forward;
        forward.Policy(Verdict.Drop);
        forward.Rule().State(ConntrackStates.Established | ConntrackStates.Related).Accept();
        forward.Rule().InInterface(Lan).OutInterface(Wan).Source(LanNetwork).Comment("the LAN may go out").Accept();

        p.ForwardPort(Protocol.Tcp, port: 2222, to: InnerServer, toPort: 22, inInterface: Wan);
        p.Masquerade(outInterface: Wan, source: LanNetwork);

        // Interactive SSH first in the queue, both ways: a mark for tc, and the DSCP class for the next hops.
        p.Mangle.Forward.Tcp().DestinationPort(22).SetMark(0x10);
        p.Mangle.Forward.Tcp().SourcePort(22).SetMark(0x10);
        p.Mangle.Forward.Tcp().DestinationPort(22).Dscp(0x10);
        p.Mangle.Forward.Tcp().SourcePort(22).Dscp(0x10);

        // Thousands of metrics datagrams a second: keep them out of the conntrack table.
        p.Raw.Prerouting.Udp().DestinationPort(MetricsPort).Notrack();
        p.Raw.Output.Udp().SourcePort(MetricsPort).Notrack();

        // Proved over every packet at build time (docs/analysis.md).
        p.Assert("2222 outside reaches only the inner server's ssh").Tcp().InInterface(Wan).DestinationPort(2222).ReachesOnly(InnerServer + ":22");
        p.Assert("the gateway's ssh only from the LAN").Tcp().DestinationPort(22).InInterface(Lan, not: true).InInterface("lo", not: true).IsDropped();
        p.Assert("untracked metrics are accepted").Udp().DestinationPort(MetricsPort).IsAccepted();
    }
}
