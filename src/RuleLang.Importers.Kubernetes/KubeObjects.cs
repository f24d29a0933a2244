using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Importers.Kubernetes;

// What the importer reads of each object: only the fields kube-proxy looks at, with their JSON paths for messages.

/// <summary>A v1 Service, already past kube-proxy's skip rules, with its cluster IP per family.</summary>
internal sealed record KubeService(
    string Namespace,
    string Name,
    string Path,
    IReadOnlyDictionary<IpFamily, string> ClusterIps,
    IReadOnlyList<KubeServicePort> Ports,
    IReadOnlyList<string> ExternalIps,
    IReadOnlyList<string> LoadBalancerIps,
    IReadOnlyList<string> LoadBalancerSourceRanges,
    TrafficPolicy ExternalTrafficPolicy,
    TrafficPolicy InternalTrafficPolicy,
    int? SessionAffinityTimeout,
    int? HealthCheckNodePort);

/// <summary>One entry of spec.ports; targetPort is not read, since the EndpointSlice ports carry the numbers.</summary>
internal sealed record KubeServicePort(string Name, Protocol Protocol, int Port, int? NodePort, SourceLocation Location);

/// <summary>A discovery.k8s.io/v1 EndpointSlice of the service named by its kubernetes.io/service-name label.</summary>
internal sealed record KubeEndpointSlice(string Namespace, string Name, string Path, string ServiceName, IReadOnlyList<KubeSlicePort> Ports, IReadOnlyList<KubeEndpoint> Endpoints);

/// <summary>A slice port: the service port it serves (by name and protocol) and the endpoints' port number.</summary>
internal sealed record KubeSlicePort(string Name, Protocol Protocol, int Port);

/// <summary>An endpoint's first address (the only one kube-proxy uses), its conditions and its node.</summary>
internal sealed record KubeEndpoint(string Address, IpFamily Family, bool Ready, bool Serving, bool Terminating, string? NodeName);

/// <summary>What a file held: the services kube-proxy proxies, the slices it reads, and the services it skips.</summary>
internal sealed record KubeItems(IReadOnlyList<KubeService> Services, IReadOnlyList<KubeEndpointSlice> Slices, IReadOnlyCollection<(string Namespace, string Name)> Skipped);
