using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NUnit.Framework;
using RuleLang.Backends.Nftables;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;
using Protocol = RuleLang.Model.Netfilter.Protocol;

namespace RuleLang.KernelTests.Scenarios;

/// <summary>
/// A multi-service cluster compiled in the test (not an example: the .rl twin of the cluster node cannot say
/// affinity or a service without endpoints) and loaded as iptables or as nft in either services layout, on the
/// cluster node's topology: one namespace per endpoint on its own veth, a client outside the cluster CIDR, the
/// service range routed into a dummy device. It adds what the cluster node lacks: ClientIP affinity, a service
/// without endpoints (refused, not left to time out) and an endpoint that answers with the address it sees its
/// peer at, so hairpin masquerade shows in the reply.
/// </summary>
public sealed class KubeClusterScenario : Scenario
{
    public const string PolicyName = "kube-cluster";
    public const string Client = "172.20.0.2";
    public const string NodeAddress = "172.20.0.1";
    public const int Connections = 300;

    public static readonly (string Address, int Port)[] WebEndpoints = { ("10.244.1.10", 8080), ("10.244.2.10", 8080) };
    public static readonly (string Address, int Port)[] ApiEndpoints = { ("10.244.1.11", 9000), ("10.244.2.11", 9000), ("10.244.3.11", 9000) };
    public static readonly (string Address, int Port)[] CartEndpoints = { ("10.244.1.12", 8081), ("10.244.2.12", 8081), ("10.244.3.12", 8081) };

    /// <summary>Answers with its peer's address: its own when a hairpin connection is not masqueraded.</summary>
    public static readonly (string Address, int Port) WhoAmI = ("10.244.1.13", 7070);

    private static readonly (string Address, int Port)[] AllEndpoints = WebEndpoints.Concat(ApiEndpoints).Concat(CartEndpoints).Append(WhoAmI).ToArray();

    private KubeClusterScenario(Backend backend)
        : base(backend)
    {
    }

    private sealed class Cluster : PolicyDefinition
    {
        public override string Name => PolicyName;

        protected override void Define(PolicyBuilder p)
        {
            p.ClusterCidr("10.244.0.0/16");
            p.Service("default", "web").ClusterIp("10.96.0.10").Port("http", Protocol.Tcp, 80, targetPort: 8080, nodePort: 30080)
                .Endpoints(WebEndpoints.Select(e => e.Address).ToArray());
            p.Service("default", "api").ClusterIp("10.96.0.20").Port("grpc", Protocol.Tcp, 9000, nodePort: 30090)
                .Endpoints(ApiEndpoints.Select(e => e.Address).ToArray());
            p.Service("shop", "cart").ClusterIp("10.96.0.30").Port("http", Protocol.Tcp, 80, targetPort: 8081)
                .SessionAffinity(600).Endpoints(CartEndpoints.Select(e => e.Address).ToArray());
            p.Service("shop", "empty").ClusterIp("10.96.0.40").Port("http", Protocol.Tcp, 80, nodePort: 30040);
            p.Service("default", "whoami").ClusterIp("10.96.0.50").Port("", Protocol.Tcp, 80, targetPort: WhoAmI.Port).Endpoints(WhoAmI.Address);
        }
    }

    /// <summary>The role of an endpoint's namespace.</summary>
    public static string PodRole(string address) => "pod" + string.Concat(address.Split('.').Skip(2));

    /// <summary>The node's link-local address on the endpoint's veth: what a masqueraded connection comes from.</summary>
    public static string Gateway(string address) =>
        $"169.254.{(Array.IndexOf(AllEndpoints.Select(e => e.Address).ToArray(), address) + 1).ToString(CultureInfo.InvariantCulture)}.1";

    public static KubeClusterScenario Build(Func<string, NetNamespace> create, Backend backend)
    {
        var s = new KubeClusterScenario(backend);
        NetNamespace node = s.AddHost("node", create);
        NetNamespace client = s.AddHost("client", create);
        Topology.Connect(client, Client + "/24", node, NodeAddress + "/24");
        Topology.AddDefaultRoute(client, NodeAddress);
        string services = Topology.AddDummy(node);
        node.IpCommand("-4", "route", "add", "10.96.0.0/12", "dev", services, "src", NodeAddress).EnsureSuccess("service range route");
        node.EnableForwarding();

        foreach ((string address, int port) in AllEndpoints)
        {
            string gateway = Gateway(address);
            NetNamespace pod = s.AddHost(PodRole(address), create);
            Link link = Topology.Connect(pod, address + "/32", node, gateway + "/32");
            Topology.AddDeviceRoute(pod, gateway + "/32", link.InterfaceA);
            Topology.AddDefaultRoute(pod, gateway);
            Topology.AddDeviceRoute(node, address + "/32", link.InterfaceB);
            s.Serve((address, port) == WhoAmI ? Traffic.StartTcpPeerAddressServer(pod, address, port) : Traffic.StartTcpServer(pod, address, port, address));
        }

        s.Rulesets = BackendLoader.CompileAndLoad(new Cluster(), backend, node);
        return s;
    }

    public override IReadOnlyList<Flow> Flows { get; } = BuildFlows();

    private static Flow[] BuildFlows()
    {
        static string[] Addresses((string Address, int Port)[] endpoints) => endpoints.Select(e => e.Address).ToArray();
        static string Set((string Address, int Port)[] endpoints) => $"Connected{{{string.Join(", ", Addresses(endpoints).Order(StringComparer.Ordinal))}}}";
        string whoAmIGateway = Gateway(WhoAmI.Address);
        return new Flow[]
        {
            new("web cluster IP balances over its 2 endpoints", "client", FlowKind.TcpMany, "10.96.0.10", 80, Set(WebEndpoints), Connections, Addresses(WebEndpoints)),
            new("api cluster IP balances over its 3 endpoints", "client", FlowKind.TcpMany, "10.96.0.20", 9000, Set(ApiEndpoints), Connections, Addresses(ApiEndpoints)),
            new("web NodePort balances over the web endpoints only", "client", FlowKind.TcpMany, NodeAddress, 30080, Set(WebEndpoints), Connections, Addresses(WebEndpoints)),
            new("api NodePort balances over the api endpoints only", "client", FlowKind.TcpMany, NodeAddress, 30090, Set(ApiEndpoints), Connections, Addresses(ApiEndpoints)),
            new("cart (ClientIP affinity): one client, one endpoint", "client", FlowKind.TcpSticky, "10.96.0.30", 80, Flow.Sticky, 30, Addresses(CartEndpoints)),
            new("service without endpoints: cluster IP refused", "client", FlowKind.Tcp, "10.96.0.40", 80, "Refused"),
            new("service without endpoints: NodePort refused", "client", FlowKind.Tcp, NodeAddress, 30040, "Refused"),
            new($"hairpin: {WhoAmI.Address} to its own service sees the node", PodRole(WhoAmI.Address), FlowKind.Tcp, "10.96.0.50", 80, $"Connected({whoAmIGateway})"),
            new("whoami from outside the cluster CIDR is masqueraded", "client", FlowKind.Tcp, "10.96.0.50", 80, $"Connected({whoAmIGateway})"),
            new("a port the web cluster IP does not serve", "client", FlowKind.Tcp, "10.96.0.10", 81, "TimedOut", NftExpected: "Refused"),
        };
    }
}
