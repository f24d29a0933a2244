using System;
using System.Collections.Generic;
using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Intents;

/// <summary>
/// One port of a Kubernetes Service, in one address family (a dual-stack service is two intents with the same
/// names): a cluster IP and port, optionally a NodePort, external IPs and load balancer IPs, spread over
/// endpoints. Lowered the way kube-proxy's iptables mode programs it. The positional part is what every front end
/// gives; the rest defaults to what the Kubernetes API defaults to.
/// </summary>
public sealed record ServiceIntent(
    string Namespace,
    string Name,
    string PortName,
    Protocol Protocol,
    string ClusterIp,
    int Port,
    int? NodePort,
    IReadOnlyList<ServiceEndpoint> Endpoints,
    SourceLocation Location)
    : Intent(Location)
{
    /// <summary>The longest ClientIP affinity timeout the API accepts (one day); its default is 10800 (three hours).</summary>
    public const int MaxAffinityTimeout = 86400;

    public const int DefaultAffinityTimeout = 10800;

    /// <summary>kube-proxy's ServicePortName: namespace/name:port (":port" omitted when the port is unnamed).</summary>
    public string ServicePortName => PortName.Length == 0 ? $"{Namespace}/{Name}" : $"{Namespace}/{Name}:{PortName}";

    /// <summary>spec.externalIPs: addresses outside the cluster that reach the service on <see cref="Port"/>.</summary>
    public IReadOnlyList<string> ExternalIps { get; init; } = Array.Empty<string>();

    /// <summary>status.loadBalancer.ingress IPs (VIP mode): a LoadBalancer service's addresses.</summary>
    public IReadOnlyList<string> LoadBalancerIps { get; init; } = Array.Empty<string>();

    /// <summary>spec.loadBalancerSourceRanges: when given, only these sources may use the load balancer IPs (KUBE-FW-…).</summary>
    public IReadOnlyList<string> LoadBalancerSourceRanges { get; init; } = Array.Empty<string>();

    /// <summary>spec.externalTrafficPolicy; kube-proxy heeds Local only for services reachable from outside (NodePort, load balancer).</summary>
    public TrafficPolicy ExternalTrafficPolicy { get; init; } = TrafficPolicy.Cluster;

    /// <summary>spec.internalTrafficPolicy: Local sends cluster IP traffic only to this node's endpoints.</summary>
    public TrafficPolicy InternalTrafficPolicy { get; init; } = TrafficPolicy.Cluster;

    /// <summary>sessionAffinity ClientIP with this timeout in seconds; null is sessionAffinity None.</summary>
    public int? SessionAffinityTimeout { get; init; }

    /// <summary>spec.healthCheckNodePort (eTP Local load balancers): accepted in filter KUBE-NODEPORTS.</summary>
    public int? HealthCheckNodePort { get; init; }

    public bool Equals(ServiceIntent? other) =>
        other is not null
        && base.Equals(other)
        && Namespace == other.Namespace
        && Name == other.Name
        && PortName == other.PortName
        && Protocol == other.Protocol
        && ClusterIp == other.ClusterIp
        && Port == other.Port
        && NodePort == other.NodePort
        && EquatableLists.Equal(Endpoints, other.Endpoints)
        && EquatableLists.Equal(ExternalIps, other.ExternalIps)
        && EquatableLists.Equal(LoadBalancerIps, other.LoadBalancerIps)
        && EquatableLists.Equal(LoadBalancerSourceRanges, other.LoadBalancerSourceRanges)
        && ExternalTrafficPolicy == other.ExternalTrafficPolicy
        && InternalTrafficPolicy == other.InternalTrafficPolicy
        && SessionAffinityTimeout == other.SessionAffinityTimeout
        && HealthCheckNodePort == other.HealthCheckNodePort;

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = base.GetHashCode();
            hash = (hash * 397) ^ ServicePortName.GetHashCode();
            hash = (hash * 397) ^ ClusterIp.GetHashCode();
            hash = (hash * 397) ^ Port;
            hash = (hash * 397) ^ (int)Protocol;
            return (hash * 397) ^ EquatableLists.Hash(Endpoints);
        }
    }
}
