using System;
using System.Collections.Generic;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using Protocol = RuleLang.Model.Netfilter.Protocol;
using TrafficPolicy = RuleLang.Model.Intents.TrafficPolicy;

namespace RuleLang.KernelTests.Scenarios;

/// <summary>
/// Flows at the edges of kube-proxy's service handling, one scenario per flow (each its own test), loaded as
/// iptables or as nft in either services layout:
/// <list type="bullet">
/// <item>a process on the node connecting to the load balancer IP of an externalTrafficPolicy=Local service that
/// has no endpoint on this node;</item>
/// <item>a client reaching an address of the service CIDR that no service uses.</item>
/// </list>
/// The node routes the service range (and the load balancer IP) to a "range" host that owns every address of it
/// and refuses connections (a TCP reset), so a packet the rules let through is refused there and one they drop
/// times out.
/// </summary>
public sealed class ServiceEdgeScenario : Scenario
{
    public const string PolicyName = "service-edge";
    public const string Client = "172.21.0.2";
    public const string NodeAddress = "172.21.0.1";
    public const string ServiceCidr = "10.96.0.0/12";
    public const string LoadBalancerIp = "203.0.113.70";
    public const string UnusedClusterIp = "10.96.0.99";
    public static readonly (string Address, int Port) Remote = ("10.244.2.70", 8080);

    private readonly Flow _flow;

    private ServiceEdgeScenario(Backend backend, Flow flow)
        : base(backend) => _flow = flow;

    /// <summary>
    /// A process on the node reaches an eTP=Local load balancer IP whose only endpoint is on another node.
    /// kube-proxy lets it through to the Cluster endpoints: its external chain short-circuits local traffic
    /// ("masquerade local traffic", "short-circuit local traffic" in external- chains, pkg/proxy/nftables/proxier.go
    /// syncProxyRules; KUBE-EXT's "route LOCAL traffic" rules in pkg/proxy/iptables/proxier.go), and the endpoint
    /// check that drops external traffic without a local endpoint runs after DNAT in nftables mode (filter-output
    /// at filter priority) and is not hooked to OUTPUT in iptables mode (KUBE-EXTERNAL-SERVICES: INPUT and
    /// FORWARD only).
    /// </summary>
    public static readonly Flow NodeToLocalPolicyLoadBalancer =
        new("node to an eTP=Local LB IP without a local endpoint", "node", FlowKind.Tcp, LoadBalancerIp, 80, $"Connected({Remote.Address})");

    /// <summary>
    /// A client reaches an address of the service CIDR that no service uses. kube-proxy's nftables mode drops it
    /// (cluster-ips-check: "Drop traffic to unallocated ClusterIPs", set up in setupNFTables); its iptables mode has
    /// no such rule and lets routing take the packet, here to the range host, which refuses it.
    /// </summary>
    public static readonly Flow ClientToUnusedClusterIp =
        new("client to an unused address of the service CIDR", "client", FlowKind.Tcp, UnusedClusterIp, 80, "Refused", NftExpected: "TimedOut");

    public override IReadOnlyList<Flow> Flows => new[] { _flow };

    private sealed class Cluster : PolicyDefinition
    {
        public override string Name => PolicyName;

        protected override void Define(PolicyBuilder p)
        {
            p.ClusterCidr("10.244.0.0/16");
            p.ServiceCidr(ServiceCidr);
            p.NodeIps(NodeAddress);
            p.Service("web", "edge").ClusterIp("10.96.0.70").Port("http", Protocol.Tcp, 80, targetPort: Remote.Port, nodePort: 30070)
                .LoadBalancer(LoadBalancerIp).ExternalTrafficPolicy(TrafficPolicy.Local)
                .Endpoint(Remote.Address);
        }
    }

    public static ServiceEdgeScenario Build(Func<string, NetNamespace> create, Backend backend, Flow flow)
    {
        var s = new ServiceEdgeScenario(backend, flow);
        NetNamespace node = s.AddHost("node", create);
        NetNamespace client = s.AddHost("client", create);
        NetNamespace range = s.AddHost("range", create);
        NetNamespace pod = s.AddHost("pod", create);
        Topology.Connect(client, Client + "/24", node, NodeAddress + "/24");
        Topology.AddDefaultRoute(client, NodeAddress);

        // The range host answers for the whole service range and the LB IP (a local route), with a reset.
        Link toRange = Topology.Connect(node, "169.254.70.1/30", range, "169.254.70.2/30");
        range.IpCommand("-4", "route", "add", "local", ServiceCidr, "dev", "lo").EnsureSuccess("service range local route");
        range.IpCommand("-4", "route", "add", "local", LoadBalancerIp + "/32", "dev", "lo").EnsureSuccess("LB IP local route");
        Topology.AddDefaultRoute(range, "169.254.70.1");
        node.IpCommand("-4", "route", "add", ServiceCidr, "via", "169.254.70.2", "dev", toRange.InterfaceA, "src", NodeAddress).EnsureSuccess("service range route");
        node.IpCommand("-4", "route", "add", LoadBalancerIp + "/32", "via", "169.254.70.2", "dev", toRange.InterfaceA, "src", NodeAddress).EnsureSuccess("LB IP route");

        Link toPod = Topology.Connect(pod, Remote.Address + "/32", node, "169.254.71.1/32");
        Topology.AddDeviceRoute(pod, "169.254.71.1/32", toPod.InterfaceA);
        Topology.AddDefaultRoute(pod, "169.254.71.1");
        Topology.AddDeviceRoute(node, Remote.Address + "/32", toPod.InterfaceB);
        node.EnableForwarding();
        s.Serve(Traffic.StartTcpServer(pod, Remote.Address, Remote.Port, Remote.Address));

        s.Rulesets = BackendLoader.CompileAndLoad(new Cluster(), backend, node);
        return s;
    }
}
