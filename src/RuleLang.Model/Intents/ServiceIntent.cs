using System.Collections.Generic;
using RuleLang.Model.Netfilter;

namespace RuleLang.Model.Intents;

/// <summary>
/// A load-balanced service port in Kubernetes' terms: a cluster IP and port (and optionally a NodePort) spread
/// over endpoints. Lowered the way kube-proxy's iptables mode programs it.
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
    /// <summary>kube-proxy's ServicePortName: namespace/name:port (":port" omitted when the port is unnamed).</summary>
    public string ServicePortName => PortName.Length == 0 ? $"{Namespace}/{Name}" : $"{Namespace}/{Name}:{PortName}";
}
