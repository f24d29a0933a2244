using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>
/// A Kubernetes Service as its manifest says it: cluster IPs, ports (with target ports and NodePorts), external
/// and load balancer IPs, traffic policies, session affinity, and the endpoints of its EndpointSlices. Each port
/// in each family becomes one service intent, lowered the way kube-proxy's iptables mode programs it.
/// </summary>
public sealed class ServiceBuilder
{
    private readonly string _namespace;
    private readonly string _name;
    private readonly SourceLocation _location;
    private readonly List<string> _clusterIps = new();
    private readonly List<(string Name, Protocol Protocol, int Port, int TargetPort, int? NodePort)> _ports = new();
    private readonly List<ServiceEndpoint> _endpoints = new();
    private readonly List<string> _externalIps = new();
    private readonly List<string> _loadBalancerIps = new();
    private readonly List<string> _sourceRanges = new();
    private TrafficPolicy _externalPolicy = TrafficPolicy.Cluster;
    private TrafficPolicy _internalPolicy = TrafficPolicy.Cluster;
    private int? _affinityTimeout;
    private int? _healthCheckNodePort;

    internal ServiceBuilder(string @namespace, string name, SourceLocation location)
    {
        _namespace = @namespace;
        _name = name;
        _location = location;
    }

    /// <summary>spec.clusterIPs: one address per family; two make a dual-stack service.</summary>
    public ServiceBuilder ClusterIp(params string[] addresses)
    {
        _clusterIps.AddRange(addresses);
        return this;
    }

    /// <summary>One entry of spec.ports; the target port defaults to the port, as in the API.</summary>
    public ServiceBuilder Port(string name, Protocol protocol, int port, int? targetPort = null, int? nodePort = null)
    {
        _ports.Add((name, protocol, port, targetPort ?? port, nodePort));
        return this;
    }

    /// <summary>Ready endpoints on other nodes, at each port's target port.</summary>
    public ServiceBuilder Endpoints(params string[] addresses)
    {
        foreach (var address in addresses)
        {
            Endpoint(address);
        }
        return this;
    }

    /// <summary>One endpoint with its EndpointSlice conditions; <paramref name="local"/> means it runs on this node.</summary>
    public ServiceBuilder Endpoint(string address, bool ready = true, bool serving = true, bool terminating = false, bool local = false)
    {
        // The port is filled in per service port; 0 stands for "the target port".
        _endpoints.Add(new ServiceEndpoint(address, 0) { Ready = ready, Serving = serving, Terminating = terminating, IsLocal = local });
        return this;
    }

    public ServiceBuilder ExternalIps(params string[] addresses)
    {
        _externalIps.AddRange(addresses);
        return this;
    }

    /// <summary>A LoadBalancer service's status.loadBalancer.ingress IPs.</summary>
    public ServiceBuilder LoadBalancer(params string[] addresses)
    {
        _loadBalancerIps.AddRange(addresses);
        return this;
    }

    /// <summary>spec.loadBalancerSourceRanges: only these sources may use the load balancer IPs.</summary>
    public ServiceBuilder LoadBalancerSourceRanges(params string[] cidrs)
    {
        _sourceRanges.AddRange(cidrs);
        return this;
    }

    public ServiceBuilder ExternalTrafficPolicy(TrafficPolicy policy)
    {
        _externalPolicy = policy;
        return this;
    }

    public ServiceBuilder InternalTrafficPolicy(TrafficPolicy policy)
    {
        _internalPolicy = policy;
        return this;
    }

    /// <summary>sessionAffinity: ClientIP, remembered for <paramref name="timeoutSeconds"/> (the API's default is three hours).</summary>
    public ServiceBuilder SessionAffinity(int timeoutSeconds = ServiceIntent.DefaultAffinityTimeout)
    {
        _affinityTimeout = timeoutSeconds;
        return this;
    }

    public ServiceBuilder HealthCheckNodePort(int port)
    {
        _healthCheckNodePort = port;
        return this;
    }

    /// <summary>One intent per port and cluster IP, each with the endpoints of the cluster IP's family.</summary>
    internal IEnumerable<ServiceIntent> ToIntents()
    {
        foreach (var clusterIp in _clusterIps.Count == 0 ? new[] { "" } : _clusterIps.ToArray())
        {
            var family = ServiceTrafficPlan.FamilyOf(clusterIp);
            foreach (var port in _ports)
            {
                var endpoints = _endpoints
                    .Where(e => family is null || ServiceTrafficPlan.FamilyOf(e.Address) is not { } f || f == family)
                    .Select(e => e with { Port = port.TargetPort })
                    .ToArray();
                yield return new ServiceIntent(_namespace, _name, port.Name, port.Protocol, clusterIp, port.Port, port.NodePort, endpoints, _location)
                {
                    ExternalIps = _externalIps.ToArray(),
                    LoadBalancerIps = _loadBalancerIps.ToArray(),
                    LoadBalancerSourceRanges = _sourceRanges.ToArray(),
                    ExternalTrafficPolicy = _externalPolicy,
                    InternalTrafficPolicy = _internalPolicy,
                    SessionAffinityTimeout = _affinityTimeout,
                    HealthCheckNodePort = _healthCheckNodePort,
                };
            }
        }
    }
}
