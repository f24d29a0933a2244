using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Intents;

/// <summary>
/// Everything kube-proxy decides for one service port in one family, in no layout's words: its addresses, the
/// policy chains it needs (with kube-proxy's hashed names), which endpoints each policy picks and with what
/// probability, the verdict when a policy has none, what is masqueraded, the load balancer firewall and the
/// affinity. Each back end is a rendering of it: iptables' chains (ServiceLowering), the nft compact layout's
/// sets and maps, and kube-proxy's nftables layout; the checker explains the same decisions
/// (<see cref="Traffic"/>). The rendering words (how a verdict or a chain is spelt) stay in the renderings.
/// </summary>
public sealed class ServicePortPlan
{
    private static readonly IReadOnlyList<EndpointPick> NoPicks = Array.Empty<EndpointPick>();

    private ServicePortChains? _chains;

    private ServicePortPlan(ServiceIntent service, ClusterSettings cluster)
    {
        Service = service;
        Traffic = ServiceTrafficPlan.For(service);
        Protocol = service.Protocol.ToString().ToLowerInvariant();
        ClusterCidr = cluster.ClusterCidr is { } cidr && ServiceTrafficPlan.FamilyOf(cidr) == Family ? cidr : null;
        ClusterIpMasquerade = cluster.MasqueradeAll ? ClusterIpMasquerade.All
            : ClusterCidr is not null ? ClusterIpMasquerade.FromOutsideCluster
            : ClusterIpMasquerade.None;
        ClusterPicks = Traffic.UsesClusterChain ? Picks(Traffic.ClusterEndpoints) : NoPicks;
        LocalPicks = Traffic.UsesLocalChain ? Picks(Traffic.LocalEndpoints) : NoPicks;
        FirewallSources = HasSourceRanges ? Sources(Traffic, cluster) : Array.Empty<string>();
    }

    public ServiceIntent Service { get; }

    /// <summary>Which addresses count and which endpoints each traffic policy uses (what the checker explains).</summary>
    public ServiceTrafficPlan Traffic { get; }

    public IpFamily Family => Traffic.Family;

    /// <summary>The protocol in lower case, as kube-proxy hashes and prints it.</summary>
    public string Protocol { get; }

    public string ClusterIp => Service.ClusterIp;

    public int Port => Service.Port;

    public int? NodePort => Service.NodePort;

    public IReadOnlyList<string> ExternalIps => Traffic.ExternalIps;

    public IReadOnlyList<string> LoadBalancerIps => Traffic.LoadBalancerIps;

    /// <summary>kube-proxy's ServicePortName, hashed into chain names and written into comments.</summary>
    public string Name => Service.ServicePortName;

    /// <summary>The hashed policy chain names; hashed once, when a rendering first asks (the compact layout never does).</summary>
    public ServicePortChains Chains => _chains ??= KubeChainNames.ServicePortChains(Name, Protocol);

    /// <summary>Where cluster IP traffic goes: the Local policy chain under internalTrafficPolicy Local, else the Cluster one.</summary>
    public string InternalChain => Traffic.InternalLocal ? Chains.Local : Chains.Cluster;

    /// <summary>Where external traffic goes once past the external chain's own rules.</summary>
    public string ExternalPolicyChain => Traffic.ExternalLocal ? Chains.Local : Chains.Cluster;

    /// <summary>Where load balancer IP traffic goes first: the firewall chain when it has source ranges to check.</summary>
    public string LoadBalancerChain => Traffic.UsesFirewallChain ? Chains.Firewall : Chains.External;

    /// <summary>kube-proxy's KUBE-SEP-… name of one of <see cref="ReachableEndpoints"/>.</summary>
    public string EndpointChain(ServiceEndpoint endpoint) => KubeChainNames.Endpoint(Name, Protocol, endpoint.Text);

    /// <summary>The Cluster policy chain's picks, in order (none when that chain is not written).</summary>
    public IReadOnlyList<EndpointPick> ClusterPicks { get; }

    /// <summary>The Local policy chain's picks, in order (none when that chain is not written).</summary>
    public IReadOnlyList<EndpointPick> LocalPicks { get; }

    /// <summary>What cluster IP traffic picks from; none when it has nowhere to go (<see cref="InternalNoEndpoints"/>).</summary>
    public IReadOnlyList<EndpointPick> InternalPicks =>
        !Traffic.HasInternalEndpoints ? NoPicks : Traffic.InternalLocal ? LocalPicks : ClusterPicks;

    /// <summary>What external traffic picks from under its policy; none when it has nowhere to go (<see cref="ExternalNoEndpoints"/>).</summary>
    public IReadOnlyList<EndpointPick> ExternalPicks =>
        !Traffic.HasExternalEndpoints ? NoPicks : Traffic.ExternalLocal ? LocalPicks : ClusterPicks;

    /// <summary>Every endpoint some pick leads to: each gets its own DNAT (and hairpin masquerade).</summary>
    public IReadOnlyList<ServiceEndpoint> ReachableEndpoints => Traffic.ReachableEndpoints;

    /// <summary>
    /// The verdict for traffic with nowhere to go: no endpoint anywhere is refused (REJECT, as for a closed port);
    /// none on this node under Local policy is dropped.
    /// </summary>
    public NoEndpointVerdict NoEndpointVerdict => Traffic.HasAnyEndpoints ? NoEndpointVerdict.Drop : NoEndpointVerdict.Reject;

    /// <summary>The verdict cluster IP traffic meets in the filter table, or null when it has endpoints.</summary>
    public NoEndpointVerdict? InternalNoEndpoints => Traffic.HasInternalEndpoints ? null : NoEndpointVerdict;

    /// <summary>The verdict external traffic meets in the filter table, or null when it has endpoints.</summary>
    public NoEndpointVerdict? ExternalNoEndpoints => Traffic.HasExternalEndpoints ? null : NoEndpointVerdict;

    /// <summary>External addresses are dispatched at all: some endpoint exists somewhere.</summary>
    public bool DispatchesExternal => Traffic.HasAnyEndpoints;

    /// <summary>The cluster CIDR when it is of this port's family (the other family's says nothing here).</summary>
    public string? ClusterCidr { get; }

    public ClusterIpMasquerade ClusterIpMasquerade { get; }

    /// <summary>
    /// External traffic under Cluster policy is masqueraded (endpoints may be on other nodes, and replies must come
    /// back through this one); under Local policy only the node's own, and pods from the cluster CIDR go to the
    /// Cluster endpoints.
    /// </summary>
    public bool MasqueradesAllExternal => !Traffic.ExternalLocal;

    /// <summary>The load balancer IPs are subject to source ranges (nft checks them even while no endpoint exists).</summary>
    public bool HasSourceRanges => Traffic.LoadBalancerIps.Count > 0 && Traffic.LoadBalancerSourceRanges.Count > 0;

    /// <summary>
    /// The sources the load balancer firewall lets in: the source ranges, then, when one of them holds the node's
    /// own address, the load balancer IPs (a VIP-like load balancer's address is often local to the node, and a
    /// request from the node loops back with the VIP as its source). Texts as given; each rendering spells them.
    /// </summary>
    public IReadOnlyList<string> FirewallSources { get; }

    /// <summary>ClientIP session affinity's timeout in seconds; null without affinity.</summary>
    public int? AffinityTimeout => Service.SessionAffinityTimeout;

    public static ServicePortPlan For(ServiceIntent service, ClusterSettings cluster) => new(service, cluster);

    /// <summary>
    /// The plans of a policy's service ports, per family (IPv4 first), each family's in the given order: kube-proxy
    /// runs one proxier per family, and a port's family is its cluster IP's (IPv4 when it does not parse).
    /// </summary>
    public static IReadOnlyList<(IpFamily Family, IReadOnlyList<ServicePortPlan> Ports)> ByFamily(IEnumerable<ServiceIntent> services, ClusterSettings cluster)
    {
        var plans = services.Select(s => For(s, cluster)).ToArray();
        return plans.Select(p => p.Family).Distinct().OrderBy(f => f)
            .Select(f => (f, (IReadOnlyList<ServicePortPlan>)plans.Where(p => p.Family == f).ToArray()))
            .ToArray();
    }

    private static IReadOnlyList<EndpointPick> Picks(IReadOnlyList<ServiceEndpoint> endpoints)
    {
        var picks = new EndpointPick[endpoints.Count];
        for (int i = 0; i < picks.Length; i++)
        {
            picks[i] = new EndpointPick(endpoints[i], i, picks.Length);
        }
        return picks;
    }

    private static IReadOnlyList<string> Sources(ServiceTrafficPlan traffic, ClusterSettings cluster)
    {
        var ranges = traffic.LoadBalancerSourceRanges;
        bool fromNode = cluster.NodeIps.Any(ip => ranges.Any(range => IpNetwork.Contains(range, ip)));
        return fromNode ? ranges.Concat(traffic.LoadBalancerIps).ToArray() : ranges;
    }

    public override string ToString() => Name + "/" + Protocol + " (" + (Family == IpFamily.IPv4 ? "IPv4" : "IPv6") + ", port "
        + Port.ToString(CultureInfo.InvariantCulture) + ")";
}
