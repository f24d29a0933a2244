using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Intents;

/// <summary>
/// What kube-proxy decides for one service port in one family before it writes a rule: which addresses count,
/// which traffic policies apply, which endpoints each policy uses (CategorizeEndpoints without topology hints:
/// ready endpoints, or when none is ready those still serving while terminating, for Cluster over all nodes and
/// for Local over this node's, each falling back on its own), and so where traffic goes. <see cref="ServicePortPlan"/>
/// builds on it the rest of what every back end renders; the checker explains it.
/// </summary>
public sealed class ServiceTrafficPlan
{
    private ServiceTrafficPlan(ServiceIntent service, IpFamily family)
    {
        Family = family;
        ExternalIps = OfFamily(service.ExternalIps, family);
        LoadBalancerIps = OfFamily(service.LoadBalancerIps, family);
        LoadBalancerSourceRanges = OfFamily(service.LoadBalancerSourceRanges, family);
        ExternallyAccessible = service.NodePort.HasValue || LoadBalancerIps.Count > 0 || ExternalIps.Count > 0;
        // The API takes externalTrafficPolicy on externally accessible services only (NodePort, LoadBalancer, or a
        // ClusterIP service with external IPs), and kube-proxy heeds it on exactly those.
        ExternalLocal = service.ExternalTrafficPolicy == TrafficPolicy.Local && ExternallyAccessible;
        InternalLocal = service.InternalTrafficPolicy == TrafficPolicy.Local;
        // Even under external Local policy the Cluster endpoints are needed, to short-circuit the node's own traffic.
        UsesCluster = !InternalLocal || ExternallyAccessible;
        UsesLocal = InternalLocal || (ExternalLocal && ExternallyAccessible);

        var endpoints = Normalize(service.Endpoints);
        IReadOnlyList<ServiceEndpoint> none = Array.Empty<ServiceEndpoint>();
        ClusterEndpoints = none;
        LocalEndpoints = none;
        if (UsesCluster)
        {
            ClusterEndpoints = Usable(endpoints, local: false);
            HasAnyEndpoints = ClusterEndpoints.Count > 0;
        }
        if (UsesLocal)
        {
            HasAnyEndpoints |= endpoints.Any(e => e.Ready || IsServingTerminating(e));
            LocalEndpoints = Usable(endpoints, local: true);
        }
        // Chains are printed sorted by name, so the union's order only has to be deterministic.
        ReachableEndpoints = Normalize(ClusterEndpoints.Concat(LocalEndpoints).ToArray());
    }

    public IpFamily Family { get; }

    /// <summary>The external IPs of this family: kube-proxy's proxier for a family ignores the other's.</summary>
    public IReadOnlyList<string> ExternalIps { get; }

    public IReadOnlyList<string> LoadBalancerIps { get; }

    public IReadOnlyList<string> LoadBalancerSourceRanges { get; }

    /// <summary>Reachable other than by cluster IP: a NodePort, an external IP or a load balancer IP.</summary>
    public bool ExternallyAccessible { get; }

    public bool ExternalLocal { get; }

    public bool InternalLocal { get; }

    public bool UsesCluster { get; }

    public bool UsesLocal { get; }

    /// <summary>The endpoints of KUBE-SVC-… (empty when the service never uses Cluster policy).</summary>
    public IReadOnlyList<ServiceEndpoint> ClusterEndpoints { get; }

    /// <summary>The endpoints of KUBE-SVL-… (empty when the service never uses Local policy).</summary>
    public IReadOnlyList<ServiceEndpoint> LocalEndpoints { get; }

    /// <summary>Every endpoint some chain of this node jumps to: the ones that get a KUBE-SEP-… chain.</summary>
    public IReadOnlyList<ServiceEndpoint> ReachableEndpoints { get; }

    /// <summary>A usable endpoint exists somewhere in the cluster (not necessarily on this node).</summary>
    public bool HasAnyEndpoints { get; }

    public bool UsesClusterChain => ClusterEndpoints.Count > 0 && UsesCluster;

    public bool UsesLocalChain => LocalEndpoints.Count > 0 && UsesLocal;

    /// <summary>Cluster IP traffic has somewhere to go; otherwise filter KUBE-SERVICES rejects (no endpoints) or drops it.</summary>
    public bool HasInternalEndpoints => HasAnyEndpoints && !(InternalLocal && LocalEndpoints.Count == 0);

    /// <summary>External traffic has somewhere to go; otherwise filter KUBE-EXTERNAL-SERVICES rejects or drops it.</summary>
    public bool HasExternalEndpoints => HasAnyEndpoints && !(ExternalLocal && LocalEndpoints.Count == 0);

    public bool UsesExternalChain => HasAnyEndpoints && ExternallyAccessible;

    public bool UsesFirewallChain => HasAnyEndpoints && LoadBalancerIps.Count > 0 && LoadBalancerSourceRanges.Count > 0;

    /// <summary>The plan for the family of the service's cluster IP (IPv4 when it does not parse: the checker says why).</summary>
    public static ServiceTrafficPlan For(ServiceIntent service) =>
        new(service, FamilyOf(service.ClusterIp) ?? IpFamily.IPv4);

    /// <summary>
    /// kube-proxy's endpoint list for a service port: one entry per ip:port (the first of duplicates kept), sorted
    /// by that text in byte order, which is the order of the KUBE-SVC-… rules.
    /// </summary>
    public static IReadOnlyList<ServiceEndpoint> Normalize(IReadOnlyList<ServiceEndpoint> endpoints)
    {
        // Every plan of every service port normalizes its endpoints twice, and a build makes several plans per
        // service: without LINQ's grouping and each endpoint's text built once, this is no longer a large
        // cluster's biggest cost. The texts are distinct once duplicates are dropped, so the sort needs no tie rule.
        var texts = new string[endpoints.Count];
        var kept = new ServiceEndpoint[endpoints.Count];
        var seen = endpoints.Count > 16 ? new HashSet<string>(StringComparer.Ordinal) : null;
        int count = 0;
        foreach (var endpoint in endpoints)
        {
            string text = endpoint.Text;
            bool first = seen is null ? Array.IndexOf(texts, text, 0, count) < 0 : seen.Add(text);
            if (first)
            {
                texts[count] = text;
                kept[count++] = endpoint;
            }
        }
        Array.Sort(texts, kept, 0, count, StringComparer.Ordinal);
        if (count < kept.Length)
        {
            Array.Resize(ref kept, count);
        }
        return kept;
    }

    public static IpFamily? FamilyOf(string address) =>
        IpNetwork.TryParse(address, out var network, out _) ? network.Family : null;

    private static IReadOnlyList<ServiceEndpoint> Usable(IReadOnlyList<ServiceEndpoint> endpoints, bool local)
    {
        var ready = endpoints.Where(e => (!local || e.IsLocal) && e.Ready).ToArray();
        return ready.Length > 0 ? ready : endpoints.Where(e => (!local || e.IsLocal) && IsServingTerminating(e)).ToArray();
    }

    private static bool IsServingTerminating(ServiceEndpoint endpoint) => endpoint.Serving && endpoint.Terminating;

    private static IReadOnlyList<string> OfFamily(IReadOnlyList<string> addresses, IpFamily family) =>
        addresses.Where(a => FamilyOf(a) == family).ToArray();
}
