using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.Examples.ClusterNode;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests.Scenarios;

/// <summary>
/// The cluster node (kube-proxy's shape) routing to one namespace per service endpoint (pod), each on its own
/// veth with only its /32 pod address, the node side holding a link-local /32 as the pod's gateway (as Calico
/// does). A client outside the cluster sits on 172.20.0.0/24. Every endpoint replies with its own address (TCP on
/// its service port, UDP on 5353), so the replies tell where the load balancer sent each connection. The
/// service range 10.96.0.0/12 is routed into a dummy device on the node: whatever is not DNATed to an endpoint
/// vanishes there (TimedOut), as on a node where cluster IPs are not real hosts; kube-proxy's nftables layout
/// rejects a cluster IP's unserved ports before that (Refused).
/// </summary>
public sealed class ClusterNodeScenario : Scenario
{
    public const string Client = "172.20.0.2";
    public const string NodeAddress = "172.20.0.1";
    public const int WebServicePort = 80;
    public const int ApiServicePort = 9000;
    public const int PodUdpPort = 5353;
    public const int Connections = 600;

    private ClusterNodeScenario(Backend backend)
        : base(backend)
    {
    }

    public static IEnumerable<(string Address, int Port)> AllEndpoints => ClusterNodePolicy.WebEndpoints.Concat(ClusterNodePolicy.ApiEndpoints);

    public static string[] WebAddresses => ClusterNodePolicy.WebEndpoints.Select(e => e.Address).ToArray();

    public static string[] ApiAddresses => ClusterNodePolicy.ApiEndpoints.Select(e => e.Address).ToArray();

    public NetNamespace Node => Host("node");

    public NetNamespace ClientHost => Host("client");

    /// <summary>The role of an endpoint's namespace: "pod" and the address's last two octets.</summary>
    public static string PodRole(string address) => "pod" + string.Concat(address.Split('.').Skip(2));

    public NetNamespace Pod(string address) => Host(PodRole(address));

    public static ClusterNodeScenario Build(Func<string, NetNamespace> create, Backend backend)
    {
        var s = new ClusterNodeScenario(backend);
        NetNamespace node = s.AddHost("node", create);
        NetNamespace client = s.AddHost("client", create);
        Topology.Connect(client, Client + "/24", node, NodeAddress + "/24");
        Topology.AddDefaultRoute(client, NodeAddress);
        string services = Topology.AddDummy(node);
        // The node's own connections to a cluster IP need some route for the first lookup, before nat OUTPUT
        // DNAT re-routes them; packets left undirected there are discarded by the dummy device.
        node.IpCommand("-4", "route", "add", "10.96.0.0/12", "dev", services, "src", NodeAddress).EnsureSuccess("service range route");
        node.EnableForwarding();

        int n = 0;
        foreach ((string address, int port) in AllEndpoints)
        {
            n++;
            string gateway = $"169.254.{n.ToString(CultureInfo.InvariantCulture)}.1";
            NetNamespace pod = s.AddHost(PodRole(address), create);
            Link link = Topology.Connect(pod, address + "/32", node, gateway + "/32");
            Topology.AddDeviceRoute(pod, gateway + "/32", link.InterfaceA);
            Topology.AddDefaultRoute(pod, gateway);
            Topology.AddDeviceRoute(node, address + "/32", link.InterfaceB);
            s.Serve(Traffic.StartTcpServer(pod, address, port, address));
            s.Serve(Traffic.StartUdpServer(pod, address, PodUdpPort, address));
        }

        var policy = new ClusterNodePolicy().Build();
        if (backend == Backend.NftKubeProxy)
        {
            var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft }, NftServiceLayout.KubeProxy);
            Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
            s.Rulesets = BackendLoader.LoadNft(node, result.Rulesets.Single().FileName, result.Rulesets.Single().Text);
        }
        else
        {
            s.Rulesets = BackendLoader.Load(backend, node, "ClusterNode", policy.Name);
        }
        return s;
    }

    public override IReadOnlyList<Flow> Flows { get; } = BuildFlows();

    private static Flow[] BuildFlows()
    {
        string web = ClusterNodePolicy.WebClusterIp;
        string api = ClusterNodePolicy.ApiClusterIp;
        (string self, _) = ClusterNodePolicy.WebEndpoints[0];
        string webSet = $"Connected{{{string.Join(", ", WebAddresses.Order(StringComparer.Ordinal))}}}";
        string apiSet = $"Connected{{{string.Join(", ", ApiAddresses.Order(StringComparer.Ordinal))}}}";
        var flows = new List<Flow>
        {
            new("web cluster IP balances over its 2 endpoints", "client", FlowKind.TcpMany, web, WebServicePort, webSet, Connections, WebAddresses),
            new("api cluster IP balances over its 3 endpoints", "client", FlowKind.TcpMany, api, ApiServicePort, apiSet, Connections, ApiAddresses),
            new("web NodePort reaches only web endpoints", "client", FlowKind.TcpMany, NodeAddress, ClusterNodePolicy.WebNodePort, webSet, 100),
            new("web cluster IP from the node itself (nat OUTPUT)", "node", FlowKind.TcpMany, web, WebServicePort, webSet, 20),
            new($"hairpin: {self} to its own service", PodRole(self), FlowKind.TcpMany, web, WebServicePort, webSet, 30),
            // kube-proxy's nftables mode rejects a cluster IP's other ports (cluster-ips-check); its iptables mode
            // lets them through to the service range's dummy device, where they vanish.
            new("api port on the web cluster IP (no such service)", "client", FlowKind.Tcp, web, ApiServicePort, "TimedOut", NftExpected: "Refused"),
            new("web port on the api cluster IP (no such service)", "client", FlowKind.Tcp, api, WebServicePort, "TimedOut", NftExpected: "Refused"),
            new("udp to the web cluster IP (a TCP service)", "client", FlowKind.Udp, web, WebServicePort, "TimedOut", NftExpected: "Refused"),
            new("udp to the NodePort (a TCP service)", "client", FlowKind.Udp, NodeAddress, ClusterNodePolicy.WebNodePort, "Refused"),
            new("tcp to a node port that is no NodePort", "client", FlowKind.Tcp, NodeAddress, ClusterNodePolicy.WebNodePort + 1, "Refused"),
            new("ping the web cluster IP (not DNATed)", "client", FlowKind.Ping, web, 0, "TimedOut"),
            new("ping the node", "client", FlowKind.Ping, NodeAddress, 0, "Connected(echo-reply)"),
        };
        foreach ((string address, int port) in AllEndpoints)
        {
            flows.Add(new Flow($"endpoint {address} directly", "client", FlowKind.Tcp, address, port, $"Connected({address})"));
        }

        flows.Add(new Flow("udp to an endpoint directly", "client", FlowKind.Udp, ApiAddresses[0], PodUdpPort, $"Connected({ApiAddresses[0]})"));
        flows.Add(new Flow("ping an endpoint through the node", "client", FlowKind.Ping, ApiAddresses[1], 0, "Connected(echo-reply)"));
        return flows.ToArray();
    }
}
