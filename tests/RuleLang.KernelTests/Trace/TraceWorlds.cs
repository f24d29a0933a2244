using System.Globalization;
using System.Linq;
using RuleLang.Examples.ClusterNode;
using RuleLang.Examples.Gateway;
using RuleLang.KernelTests.Scenarios;

namespace RuleLang.KernelTests.Trace;

/// <summary>The three example scenarios' topologies (Scenarios/), described for the trace.</summary>
internal static class TraceWorlds
{
    public static TraceWorld WebServer { get; } = new(
        "server",
        new[]
        {
            ("veth-lan", new[] { WebServerScenario.LanServerV4, WebServerScenario.LanServerV6 }),
            ("veth-out", new[] { WebServerScenario.OutsideServerV4, WebServerScenario.OutsideServerV6 }),
        },
        new[]
        {
            new Listener("tcp", 22, null, "ssh"), new Listener("tcp", 443, null, "https"), new Listener("tcp", 8080, null, "app"),
            new Listener("tcp", 3306, null, "mysql"), new Listener("udp", 53, WebServerScenario.OutsideServerV4, "dns"),
            new Listener("udp", 53, WebServerScenario.OutsideServerV6, "dns"),
        },
        new[]
        {
            new WorldHost("lan", new[] { WebServerScenario.LanClientV4, WebServerScenario.LanClientV6 }, "veth-lan", new Listener[0]),
            new WorldHost("outside", new[] { WebServerScenario.OutsideClientV4, WebServerScenario.OutsideClientV6 }, "veth-out", new Listener[0]),
        },
        new (string, string)[0],
        new string[0]);

    public static TraceWorld Gateway { get; } = new(
        "gw",
        new[]
        {
            (GatewayPolicy.Lan, new[] { GatewayScenario.GatewayLan, GatewayScenario.GatewayLanV6 }),
            (GatewayPolicy.Wan, new[] { GatewayScenario.GatewayWan, GatewayScenario.GatewayWanV6 }),
        },
        new[]
        {
            new Listener("tcp", 22, null, "gateway"),
            new Listener("udp", GatewayPolicy.MetricsPort, GatewayScenario.GatewayLan, "metrics"),
            new Listener("udp", GatewayPolicy.MetricsPort, GatewayScenario.GatewayWan, "metrics"),
            new Listener("udp", GatewayPolicy.MetricsPort, GatewayScenario.GatewayLanV6, "metrics"),
            new Listener("udp", GatewayScenario.OtherUdpPort, GatewayScenario.GatewayLan, "other"),
        },
        new[]
        {
            new WorldHost("inner", new[] { GatewayPolicy.InnerServer, GatewayScenario.InnerServerV6 }, GatewayPolicy.Lan, new[] { new Listener("tcp", 22, null, "inner") }),
            new WorldHost("lanclient", new[] { GatewayScenario.LanClient, GatewayScenario.LanClientV6 }, GatewayPolicy.Lan, new[] { new Listener("tcp", GatewayScenario.LanClientPort, null, "lan-client") }),
            new WorldHost("outside", new[] { GatewayScenario.OutsideHost, GatewayScenario.OutsideHostV6 }, GatewayPolicy.Wan, new[] { new Listener("tcp", 80, null, "peer") }),
        },
        new (string, string)[0],
        new string[0]);

    public static TraceWorld ClusterNode { get; } = BuildClusterNode();

    private static TraceWorld BuildClusterNode()
    {
        var pods = ClusterNodeScenario.AllEndpoints.Select(e => new WorldHost(
            ClusterNodeScenario.PodRole(e.Address), new[] { e.Address }, "veth-" + ClusterNodeScenario.PodRole(e.Address),
            new[] { new Listener("tcp", e.Port, e.Address, e.Address), new Listener("udp", ClusterNodeScenario.PodUdpPort, e.Address, e.Address) })).ToArray();
        var gateways = pods.Select((p, i) => (p.Interface, new[] { "169.254." + (i + 1).ToString(CultureInfo.InvariantCulture) + ".1" }));
        return new TraceWorld(
            "node",
            new[] { ("veth-client", new[] { ClusterNodeScenario.NodeAddress }) }.Concat(gateways).ToArray(),
            new Listener[0],
            new[] { new WorldHost("client", new[] { ClusterNodeScenario.Client }, "veth-client", new Listener[0]) }.Concat(pods).ToArray(),
            new (string, string)[0],
            new[] { "10.96.0.0/12" });
    }
}
