using RuleLang;
using RuleLang.Model.Netfilter;

namespace RuleLang.Examples.ClusterNode;

/// <summary>
/// A Kubernetes node's service load balancing, in the shape kube-proxy's iptables mode programs it: a web
/// service with two endpoints and a NodePort, and an API service with three endpoints.
/// </summary>
public sealed class ClusterNodePolicy : PolicyDefinition
{
    public const string WebClusterIp = "10.96.0.10";
    public const int WebNodePort = 30080;
    public const string ApiClusterIp = "10.96.0.20";

    public static readonly (string Address, int Port)[] WebEndpoints = { ("10.244.1.10", 8080), ("10.244.2.10", 8080) };
    public static readonly (string Address, int Port)[] ApiEndpoints = { ("10.244.1.11", 9000), ("10.244.2.11", 9000), ("10.244.3.11", 9000) };

    public override string Name => "cluster-node";

    protected override void Define(PolicyBuilder p)
    {
        p.ClusterCidr("10.244.0.0/16");
        p.Service("default", "web", "http", Protocol.Tcp, clusterIp: WebClusterIp, port: 80, endpoints: WebEndpoints, nodePort: WebNodePort);
        p.Service("default", "api", "grpc", Protocol.Tcp, clusterIp: ApiClusterIp, port: 9000, endpoints: ApiEndpoints);

        // Proved over every packet at build time, random endpoint choice included (docs/analysis.md).
        p.Assert("web's cluster IP reaches only its endpoints").Tcp().Destination(WebClusterIp).DestinationPort(80)
            .ReachesOnly("10.244.1.10:8080", "10.244.2.10:8080");
        p.Assert("api's cluster IP reaches only its endpoints").Tcp().Destination(ApiClusterIp).DestinationPort(9000)
            .ReachesOnly("10.244.1.11:9000", "10.244.2.11:9000", "10.244.3.11:9000");
    }
}
