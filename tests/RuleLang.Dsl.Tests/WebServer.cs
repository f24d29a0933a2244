using System.Collections.Generic;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Dsl.Tests;

/// <summary>
/// The policy of the DSL's design sketch. Each statement records its own line under a name on the same line,
/// so the tests can check locations without hard-coding line numbers.
/// </summary>
public sealed class WebServer : PolicyDefinition
{
    public Dictionary<string, int> Lines { get; } = new();

    public override string Name => "web-server";

    protected override void Define(PolicyBuilder p)
    {
        Lines.Clear();
        var filter = p.Filter;
        filter.Input.Policy(Verdict.Drop); Lines["policy"] = Here.Line();
        filter.Input.Rule().InInterface("lo").Accept(); Lines["lo"] = Here.Line();
        filter.Input.Rule().State(ConntrackStates.Established | ConntrackStates.Related).Accept();
        filter.Input.Tcp().DestinationPort(22).Source("192.168.1.0/24").Comment("ssh from the LAN").Accept(); Lines["ssh"] = Here.Line();
        filter.Input.Tcp().DestinationPorts(80, 443).Accept();
        filter.Input.Udp().DestinationPortRange(1000, 2000).Accept();
        filter.Input.Icmp().IcmpType(IcmpType.EchoRequest).Limit(5, RateUnit.Second).Accept();
        var logDrop = filter.Chain("LOG-DROP"); Lines["log-drop"] = Here.Line();
        logDrop.Rule().Log("drop: ");
        logDrop.Rule().Drop();
        filter.Input.Rule().Jump(logDrop); Lines["jump"] = Here.Line();
        p.Nat.Prerouting.Tcp().DestinationPort(80).Redirect(8080);
        p.Nat.Postrouting.Rule().OutInterface("eth1").Masquerade();
        p.Raw.Prerouting.Udp().DestinationPort(53).Notrack();
        p.Mangle.Forward.Tcp().DestinationPort(22).Dscp(0x2e);
        p.RedirectPort(Protocol.Tcp, from: 80, to: 8080); Lines["redirect-port"] = Here.Line();
        p.ForwardPort(Protocol.Tcp, port: 8022, to: "10.0.0.2", toPort: 22, inInterface: "eth0");
        p.Masquerade(outInterface: "eth1", source: "10.0.0.0/24");
        p.Service("default", "web", "http", Protocol.Tcp, clusterIp: "10.96.0.10", port: 80, nodePort: 30080,
                  endpoints: new[] { ("10.0.0.174", 80), ("10.0.0.97", 80) }); Lines["service"] = Here.Line() - 1;
        p.ClusterCidr("10.244.0.0/16"); p.MasqueradeBit(15);
    }
}
