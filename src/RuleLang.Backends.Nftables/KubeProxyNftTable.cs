using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using static RuleLang.Backends.Nftables.KubeProxyNftNames;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// One address family's table in kube-proxy's nftables layout (pkg/proxy/nftables, setupNFTables and
/// syncProxyRules), written from the service intents. Base chains, with kube-proxy's hooks and priorities:
/// filter-prerouting-pre-dnat and filter-output-pre-dnat at -110 (the firewall check, before DNAT, so it sees
/// service addresses), filter-forward, filter-input and filter-output at filter priority (the endpoint and cluster-IP
/// checks, after DNAT), nat-prerouting and nat-output at dstnat, nat-postrouting at srcnat. Dispatch goes through the service-ips map (address . protocol . port) and the
/// service-nodeports map (protocol . port); each service port has a service- chain (Cluster policy), maybe a
/// local- (Local policy), external- and firewall- chain, and an endpoint- chain per endpoint; a numgen map picks
/// the endpoint. Services without usable endpoints are rejected (or dropped, under Local policy) from the filter
/// chains through the no-endpoint maps; the cluster-ips set rejects unknown ports of cluster IPs, and the service
/// CIDRs (if given) drop addresses no service uses. Everything decided per service port (endpoints, picks,
/// no-endpoint verdicts, masquerading, firewall sources, affinity) comes from its <see cref="ServicePortPlan"/>,
/// which the iptables and compact renderings read too.
/// </summary>
internal sealed class KubeProxyNftTable
{
    public const string TableComment = "rules for kube-proxy";

    public const string Services = "services";
    public const string MarkMasq = "mark-for-masquerade";
    public const string Masquerading = "masquerading";
    public const string RejectChain = "reject-chain";
    public const string FirewallCheck = "firewall-check";
    public const string ServiceEndpointsCheck = "service-endpoints-check";
    public const string NodePortEndpointsCheck = "nodeport-endpoints-check";
    public const string ClusterIpsCheck = "cluster-ips-check";

    private readonly IpFamily _family;
    private readonly ClusterSettings _cluster;
    private readonly string _ip;
    private readonly string _addressType;
    private readonly string? _clusterCidr;
    private readonly List<string>? _nodePortIps;

    private readonly List<string> _clusterIps = new();
    private readonly List<string> _firewallIps = new();
    private readonly List<string> _noEndpointNodePorts = new();
    private readonly List<string> _noEndpointServices = new();
    private readonly List<string> _serviceIps = new();
    private readonly List<string> _serviceNodePorts = new();
    private readonly StringBuilder _affinitySets = new();
    private readonly StringBuilder _serviceChains = new();

    private KubeProxyNftTable(IpFamily family, ClusterSettings cluster)
    {
        _family = family;
        _cluster = cluster;
        (_ip, _addressType, _clusterCidr, _nodePortIps) = FamilyWords(family, cluster);
    }

    /// <summary>The table body (what goes between <c>table ip NAME {</c> and <c>}</c>) for the services of one family.</summary>
    public static void Write(StringBuilder output, IpFamily family, IEnumerable<ServicePortPlan> ports, ClusterSettings cluster)
    {
        var table = new KubeProxyNftTable(family, cluster);
        foreach (var port in ports)
        {
            table.Add(port);
        }
        table.WriteTo(output);
    }

    /// <summary>
    /// What both service layouts take from the family and the node settings: the address keyword and type, the
    /// cluster CIDR if it is of this family, and the NodePort addresses. kube-proxy's nftables mode takes the node's
    /// primary addresses as its NodePort addresses by default, and with --nodeport-addresses those of them in the
    /// ranges (<see cref="NodePortAddressRange.NftNodePortIps"/>); null (none known, no range) accepts NodePorts on
    /// every local address (fib daddr type local) but loopback.
    /// </summary>
    internal static (string Ip, string AddressType, string? ClusterCidr, List<string>? NodePortIps) FamilyWords(IpFamily family, ClusterSettings cluster) =>
        (family == IpFamily.IPv4 ? "ip" : "ip6",
         family == IpFamily.IPv4 ? "ipv4_addr" : "ipv6_addr",
         cluster.ClusterCidr is { } cidr && ServiceTrafficPlan.FamilyOf(cidr) == family ? Address(cidr) : null,
         NodePortAddressRange.NftNodePortIps(cluster, family)?.Select(Address).Distinct(StringComparer.Ordinal).ToList());

    internal static string NoLocalhost(IpFamily family) => family == IpFamily.IPv4 ? "ip daddr != 127.0.0.0/8" : "ip6 daddr != ::1";

    /// <summary>
    /// kube-proxy's base chains, each with the jumps it adds to it, in the order it adds them; both layouts share
    /// them. The firewall check sees the destination before DNAT (-110, before nat's dstnat at -100); the endpoint
    /// and cluster-IP checks run at filter priority, after DNAT: a connection that a service chain sent to an
    /// endpoint no longer has the service address, so only what no service chain took (no endpoints, no local
    /// endpoint for traffic from outside, an unused port or address) is refused. In particular a process on the
    /// node reaching an externalTrafficPolicy=Local address is short-circuited to the Cluster endpoints and gets
    /// through, as with kube-proxy.
    /// </summary>
    internal static void WriteBaseChains(StringBuilder output)
    {
        const string filter = "type filter hook ";
        const string nat = "type nat hook ";
        NftDeclarations.Chain(output, "filter-prerouting-pre-dnat", new[] { "ct state new jump " + FirewallCheck }, filter + "prerouting priority dstnat - 10");
        NftDeclarations.Chain(output, "filter-output-pre-dnat", new[] { "ct state new jump " + FirewallCheck }, filter + "output priority -110");
        NftDeclarations.Chain(output, "filter-forward", new[] { "ct state new jump " + ServiceEndpointsCheck, "ct state new jump " + ClusterIpsCheck }, filter + "forward priority filter");
        NftDeclarations.Chain(output, "filter-input", new[] { "ct state new jump " + NodePortEndpointsCheck, "ct state new jump " + ServiceEndpointsCheck }, filter + "input priority filter");
        NftDeclarations.Chain(output, "filter-output", new[] { "ct state new jump " + ServiceEndpointsCheck, "ct state new jump " + ClusterIpsCheck }, filter + "output priority filter");
        NftDeclarations.Chain(output, "nat-prerouting", new[] { "jump " + Services }, nat + "prerouting priority dstnat");
        NftDeclarations.Chain(output, "nat-output", new[] { "jump " + Services }, nat + "output priority -100");
        NftDeclarations.Chain(output, "nat-postrouting", new[] { "jump " + Masquerading }, nat + "postrouting priority srcnat");
    }

    /// <summary>
    /// The cluster-ips-check chain's rules, both layouts: a cluster IP's other ports are refused, and with a
    /// service CIDR of this family (kube-proxy's --service-cluster-ip-range) an address in it that no service
    /// uses is dropped.
    /// </summary>
    internal static IReadOnlyList<string> ClusterIpsCheckRules(IpFamily family, ClusterSettings cluster)
    {
        string ip = family == IpFamily.IPv4 ? "ip" : "ip6";
        var rules = new List<string> { ip + " daddr @cluster-ips reject comment \"Reject traffic to invalid ports of ClusterIPs\"" };
        var cidrs = cluster.ServiceCidrs.Where(c => ServiceTrafficPlan.FamilyOf(c) == family).Select(Address).ToArray();
        if (cidrs.Length > 0)
        {
            rules.Add($"{ip} daddr {{ {string.Join(", ", cidrs)} }} drop comment \"Drop traffic to unallocated ClusterIPs\"");
        }
        return rules;
    }

    /// <summary>The address as nft prints it (IPv6 compressed, host bits of a network cleared).</summary>
    public static string Address(string text) =>
        IpNetwork.TryParse(text, out var network, out _) ? NftValues.Address(network) : throw new InvalidOperationException($"'{text}' reached the nft back end unchecked.");

    private void WriteTo(StringBuilder output)
    {
        output.Append("\tcomment ");
        NftValues.AppendQuoted(output, TableComment);
        output.Append('\n');

        string key3 = _addressType + " . inet_proto . inet_service : verdict";
        const string key2 = "inet_proto . inet_service : verdict";
        NftDeclarations.Set(output, "set", "cluster-ips", _addressType, _clusterIps.Distinct(StringComparer.Ordinal).ToList(), comment: "Active ClusterIPs");
        if (_nodePortIps is not null)
        {
            NftDeclarations.Set(output, "set", "nodeport-ips", _addressType, _nodePortIps, comment: "IPs that accept NodePort traffic");
        }
        NftDeclarations.Set(output, "map", "firewall-ips", key3, _firewallIps, comment: "destinations that are subject to LoadBalancerSourceRanges");
        NftDeclarations.Set(output, "map", "no-endpoint-nodeports", key2, _noEndpointNodePorts, comment: "vmap to drop or reject packets to service nodeports with no endpoints");
        NftDeclarations.Set(output, "map", "no-endpoint-services", key3, _noEndpointServices, comment: "vmap to drop or reject packets to services with no endpoints");
        NftDeclarations.Set(output, "map", "service-ips", key3, _serviceIps, comment: "ClusterIP, ExternalIP and LoadBalancer IP traffic");
        NftDeclarations.Set(output, "map", "service-nodeports", key2, _serviceNodePorts, comment: "NodePort traffic");
        // nft lists sets and maps in the order they were made, all before the chains: the affinity sets come here.
        if (_affinitySets.Length > 0)
        {
            output.Append('\n').Append(_affinitySets);
        }

        WriteBaseChains(output);

        string mark = NftValues.Hex32(_cluster.MasqueradeMark);
        string noLocalhost = NoLocalhost(_family);
        string nodePortAddress = _nodePortIps is not null ? _ip + " daddr @nodeport-ips" : noLocalhost;
        string dispatch = _ip + " daddr . meta l4proto . th dport vmap ";

        NftDeclarations.Chain(output, ClusterIpsCheck, ClusterIpsCheckRules(_family, _cluster));
        NftDeclarations.Chain(output, FirewallCheck, new[] { dispatch + "@firewall-ips" });
        NftDeclarations.Chain(output, MarkMasq, new[] { "meta mark set meta mark | " + mark });
        NftDeclarations.Chain(output, Masquerading, new[]
        {
            $"meta mark & {mark} == 0x00000000 return",
            "meta mark set meta mark ^ " + mark,
            "masquerade fully-random",
        });
        NftDeclarations.Chain(output, NodePortEndpointsCheck, new[] { nodePortAddress + " meta l4proto . th dport vmap @no-endpoint-nodeports" });
        NftDeclarations.Chain(output, RejectChain, new[] { "reject" }, comment: "helper for @no-endpoint-services / @no-endpoint-nodeports");
        NftDeclarations.Chain(output, ServiceEndpointsCheck, new[] { dispatch + "@no-endpoint-services" });
        NftDeclarations.Chain(output, Services, new[]
        {
            dispatch + "@service-ips",
            (_nodePortIps is not null ? nodePortAddress : "fib daddr type local " + noLocalhost) + " meta l4proto . th dport vmap @service-nodeports",
        });
        if (_serviceChains.Length > 0)
        {
            output.Append('\n').Append(_serviceChains);
        }
    }

    /// <summary>One service port: its map elements, its affinity sets, then its chains (kept together, for readable diffs).</summary>
    private void Add(ServicePortPlan plan)
    {
        var service = plan.Service;
        string protocol = plan.Protocol;
        string port = Number(plan.Port);
        string name = ServiceBase(service);
        string clusterChain = ServicePrefix + name;
        string localChain = LocalPrefix + name;
        string externalChain = ExternalPrefix + name;
        string firewallChain = FirewallPrefix + name;
        bool hasAny = plan.DispatchesExternal;
        bool hasInternal = plan.InternalNoEndpoints is null;
        bool hasExternal = plan.ExternalNoEndpoints is null;
        string internalChain = plan.Traffic.InternalLocal ? localChain : clusterChain;
        string noEndpointVerdict = plan.NoEndpointVerdict == NoEndpointVerdict.Drop ? "drop" : "goto " + RejectChain;
        string comment = " comment \"" + Quotable(plan.Name) + "\"";
        // Unlike iptables' KUBE-FW, kube-proxy's nft firewall applies even while the service has no endpoints.
        bool usesFirewall = plan.HasSourceRanges;

        string clusterIp = Address(plan.ClusterIp);
        _clusterIps.Add(clusterIp);
        if (hasInternal)
        {
            _serviceIps.Add($"{clusterIp} . {protocol} . {port} : goto {internalChain}");
        }
        else
        {
            _noEndpointServices.Add($"{clusterIp} . {protocol} . {port}{comment} : {noEndpointVerdict}");
        }
        foreach (string externalIp in plan.ExternalIps.Select(Address))
        {
            if (hasAny)
            {
                _serviceIps.Add($"{externalIp} . {protocol} . {port} : goto {externalChain}");
            }
            if (!hasExternal)
            {
                _noEndpointServices.Add($"{externalIp} . {protocol} . {port}{comment} : {noEndpointVerdict}");
            }
        }
        foreach (string loadBalancerIp in plan.LoadBalancerIps.Select(Address))
        {
            if (hasAny)
            {
                _serviceIps.Add($"{loadBalancerIp} . {protocol} . {port} : goto {externalChain}");
            }
            if (usesFirewall)
            {
                _firewallIps.Add($"{loadBalancerIp} . {protocol} . {port} : goto {firewallChain}");
            }
        }
        if (!hasExternal)
        {
            foreach (string loadBalancerIp in plan.LoadBalancerIps.Select(Address))
            {
                _noEndpointServices.Add($"{loadBalancerIp} . {protocol} . {port}{comment} : {noEndpointVerdict}");
            }
        }
        // NodePorts are not subject to the load balancer source ranges, in kube-proxy either.
        if (plan.NodePort is { } nodePort)
        {
            if (hasAny)
            {
                _serviceNodePorts.Add($"{protocol} . {Number(nodePort)} : goto {externalChain}");
            }
            if (!hasExternal)
            {
                _noEndpointNodePorts.Add($"{protocol} . {Number(nodePort)}{comment} : {noEndpointVerdict}");
            }
        }

        WriteChains(plan, _serviceChains, _affinitySets);
    }

    /// <summary>
    /// One service port's chains in kube-proxy's shape (service-, local-, external-, firewall- and endpoint- chains)
    /// and its affinity sets, without its map elements: the compact layout falls back on them for ClientIP affinity.
    /// </summary>
    public static void WriteServiceChains(StringBuilder chains, StringBuilder affinitySets, IpFamily family, ClusterSettings cluster, ServicePortPlan plan) =>
        new KubeProxyNftTable(family, cluster).WriteChains(plan, chains, affinitySets, firewall: false);

    private void WriteChains(ServicePortPlan plan, StringBuilder chains, StringBuilder affinitySets, bool firewall = true)
    {
        var service = plan.Service;
        string clusterIp = Address(plan.ClusterIp);
        string protocol = plan.Protocol;
        string port = Number(plan.Port);
        string name = ServiceBase(service);
        string clusterChain = ServicePrefix + name;
        string localChain = LocalPrefix + name;
        string externalChain = ExternalPrefix + name;
        string firewallChain = FirewallPrefix + name;
        bool hasInternal = plan.InternalNoEndpoints is null;
        bool hasExternal = plan.ExternalNoEndpoints is null;
        string internalChain = plan.Traffic.InternalLocal ? localChain : clusterChain;
        string externalPolicyChain = plan.Traffic.ExternalLocal ? localChain : clusterChain;
        bool usesFirewall = firewall && plan.HasSourceRanges;
        if (plan.AffinityTimeout is { } timeout)
        {
            // Per endpoint, the clients it served recently: a client's next connection goes to the same endpoint.
            foreach (var endpoint in plan.ReachableEndpoints)
            {
                NftDeclarations.Set(affinitySets, "set", AffinityPrefix + EndpointBase(service, endpoint), _addressType, Array.Empty<string>(),
                    flags: "dynamic,timeout", timeoutSeconds: timeout);
            }
        }

        var masquerade = new List<string>();
        if (hasInternal)
        {
            // The chain is the service port's own: its protocol and port need no test (kube-proxy writes none).
            string target = $"{_ip} daddr {clusterIp}";
            if (plan.ClusterIpMasquerade == ClusterIpMasquerade.All)
            {
                masquerade.Add(target + " jump " + MarkMasq);
            }
            else if (plan.ClusterIpMasquerade == ClusterIpMasquerade.FromOutsideCluster && _clusterCidr != null)
            {
                // Traffic from outside the cluster reaching a cluster IP through this node may leave it again.
                masquerade.Add($"{target} {_ip} saddr != {_clusterCidr} jump {MarkMasq}");
            }
        }
        if (plan.ClusterPicks.Count > 0)
        {
            NftDeclarations.Chain(chains, clusterChain, internalChain == clusterChain ? Concat(masquerade, EndpointChoice(plan, plan.ClusterPicks)) : EndpointChoice(plan, plan.ClusterPicks));
        }
        if (plan.LocalPicks.Count > 0)
        {
            NftDeclarations.Chain(chains, localChain, internalChain == localChain ? Concat(masquerade, EndpointChoice(plan, plan.LocalPicks)) : EndpointChoice(plan, plan.LocalPicks));
        }
        if (plan.Traffic.UsesExternalChain)
        {
            NftDeclarations.Chain(chains, externalChain, ExternalRules(plan, clusterChain, externalPolicyChain, hasExternal));
        }
        if (usesFirewall)
        {
            NftDeclarations.Chain(chains, firewallChain, new[] { FirewallRule(plan) });
        }
        foreach (var endpoint in plan.ReachableEndpoints)
        {
            string endpointName = EndpointBase(service, endpoint);
            string address = Address(endpoint.Address);
            var rules = new List<string>(3)
            {
                // Hairpin: an endpoint reaching its own service must see the node's address, or it would answer itself.
                $"{_ip} saddr {address} jump {MarkMasq}",
            };
            if (plan.AffinityTimeout.HasValue)
            {
                rules.Add($"update @{AffinityPrefix}{endpointName} {{ {_ip} saddr }}");
            }
            string to = _family == IpFamily.IPv4 ? address : "[" + address + "]";
            rules.Add($"meta l4proto {protocol} dnat to {to}:{Number(endpoint.Port)}");
            NftDeclarations.Chain(chains, EndpointPrefix + endpointName, rules);
        }
    }

    /// <summary>Affinity first (a client seen recently goes back to its endpoint), then a uniform random pick.</summary>
    private List<string> EndpointChoice(ServicePortPlan plan, IReadOnlyList<EndpointPick> picks)
    {
        var rules = new List<string>();
        if (plan.AffinityTimeout.HasValue)
        {
            foreach (var pick in picks)
            {
                string endpointName = EndpointBase(plan.Service, pick.Endpoint);
                rules.Add($"{_ip} saddr @{AffinityPrefix}{endpointName} goto {EndpointPrefix}{endpointName}");
            }
        }
        var elements = picks.Select(p => $"{Number(p.Index)} : goto {EndpointPrefix}{EndpointBase(plan.Service, p.Endpoint)}").ToArray();
        rules.Add(NftDeclarations.VerdictMap("numgen random mod " + Number(picks.Count), elements));
        return rules;
    }

    private List<string> ExternalRules(ServicePortPlan plan, string clusterChain, string externalPolicyChain, bool hasExternal)
    {
        var rules = new List<string>();
        if (plan.MasqueradesAllExternal)
        {
            // Endpoints may be on other nodes: masquerade so that replies come back through this node.
            rules.Add("jump " + MarkMasq);
        }
        else
        {
            if (_clusterCidr != null)
            {
                // Pods reaching an external address are treated as if they had gone out and come back in.
                rules.Add($"{_ip} saddr {_clusterCidr} goto {clusterChain} comment \"short-circuit pod traffic\"");
            }
            // The node itself takes the external address as its source, so its own traffic must be masqueraded.
            rules.Add($"fib saddr type local jump {MarkMasq} comment \"masquerade local traffic\"");
            rules.Add($"fib saddr type local goto {clusterChain} comment \"short-circuit local traffic\"");
        }
        if (hasExternal)
        {
            rules.Add("goto " + externalPolicyChain);
        }
        return rules;
    }

    private string FirewallRule(ServicePortPlan plan) => $"{_ip} saddr != {{ {string.Join(", ", plan.FirewallSources.Select(Address))} }} drop";

    private static List<string> Concat(List<string> first, List<string> second)
    {
        first.AddRange(second);
        return first;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quotable(string text) =>
        NftValues.IsQuotable(text) ? text : throw new InvalidOperationException("A service name nft cannot hold reached the nft back end; its check must reject it first.");
}
