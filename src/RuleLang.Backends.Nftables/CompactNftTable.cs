using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using static RuleLang.Backends.Nftables.KubeProxyNftTable;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// One address family's table in the compact services layout (<see cref="NftServiceLayout.Compact"/>): the same
/// base chains, priorities, filter checks and masquerading as kube-proxy's nftables layout
/// (<see cref="KubeProxyNftTable"/>), but a fixed set of chains whatever the number of services and endpoints,
/// because nft 1.0.6 loads chains slowly (tens of seconds for kube-proxy's chain per service and per endpoint at
/// 10,000 services) and sets and maps fast. The per-service data lives in sets and maps:
/// <list type="bullet">
/// <item>service-ips (address . protocol . port) and service-nodeports (protocol . port) are verdict maps to a
/// chain per kind of entry, not per service: cluster-ip, external, external-local, nodeport, nodeport-local;</item>
/// <item>those chains mark for masquerade as kube-proxy's service-, external- and endpoint- chains do, then go to
/// an endpoint picker, which DNATs with one map keyed by the entry's key and <c>numgen random mod n</c>. A rule
/// per endpoint count n, guarded by the set of keys with n endpoints (the map's name and -n), keeps the pick
/// uniform; a picker holds as many rules as there are distinct endpoint counts, never one per service;</item>
/// <item>hairpin traffic (an endpoint reaching its own service) is found after DNAT, in masquerading, by an
/// <c>ip saddr . ip daddr</c> lookup in the hairpin set, instead of a test in a chain per endpoint;</item>
/// <item>load balancer source ranges are one lookup of address . protocol . port . source in an interval set.</item>
/// </list>
/// ClientIP session affinity falls back on kube-proxy's own chains for the services that ask for it (their keys go
/// to their service-, local- and external- chains): nft 1.0.6 has no flat form with kube-proxy's meaning (a client
/// sticks to its endpoint whichever of the service's addresses it uses): a dynamic map from client and entry to
/// endpoint is keyed per entry, and for IPv6 its update does not even compile (the key and data overflow nft's
/// registers). Everything decided per service port (endpoints and their order, no-endpoint verdicts, firewall
/// sources) comes from its <see cref="ServicePortPlan"/>, which the iptables rendering reads too.
/// </summary>
internal sealed class CompactNftTable
{
    public const string TableComment = "Kubernetes services, compact layout: per-service data in sets and maps";

    // The chains an entry's verdict map sends it to: one per kind of entry, whatever the number of services.
    private const string ClusterIpChain = "cluster-ip";
    private const string ExternalChain = "external";
    private const string ExternalLocalChain = "external-local";
    private const string NodePortChain = "nodeport";
    private const string NodePortLocalChain = "nodeport-local";

    private readonly IpFamily _family;
    private readonly ClusterSettings _cluster;
    private readonly string _ip;
    private readonly string _addressType;
    private readonly string? _clusterCidr;
    private readonly List<string>? _nodePortIps;

    private readonly List<string> _clusterIps = new();
    private readonly List<string> _firewallIps = new();
    private readonly List<string> _firewallAllowed = new();
    private readonly List<string> _hairpin = new();
    private readonly List<string> _noEndpointNodePorts = new();
    private readonly List<string> _noEndpointServices = new();
    private readonly List<string> _serviceIps = new();
    private readonly List<string> _serviceNodePorts = new();
    private readonly StringBuilder _affinitySets = new();
    private readonly StringBuilder _affinityChains = new();

    /// <summary>Endpoints for the policy that applies to an address entry (cluster IP: internal; external and load balancer IPs: external).</summary>
    private readonly EndpointPicker _endpoints;

    /// <summary>An external address's Cluster endpoints under Local external policy: where pods and the node itself go.</summary>
    private readonly EndpointPicker _clusterEndpoints;

    private readonly EndpointPicker _nodePortEndpoints;
    private readonly EndpointPicker _nodePortClusterEndpoints;

    private CompactNftTable(IpFamily family, ClusterSettings cluster)
    {
        _family = family;
        _cluster = cluster;
        (_ip, _addressType, _clusterCidr, _nodePortIps) = FamilyWords(family, cluster);

        string addressKey = $"{_ip} daddr . meta l4proto . th dport";
        const string nodePortKey = "meta l4proto . th dport";
        string addressKeyType = _addressType + " . inet_proto . inet_service";
        const string nodePortKeyType = "inet_proto . inet_service";
        _endpoints = new EndpointPicker("endpoints", addressKey, addressKeyType, _ip, "endpoints by address");
        _clusterEndpoints = new EndpointPicker("cluster-endpoints", addressKey, addressKeyType, _ip, "Cluster endpoints by address (Local policy)");
        _nodePortEndpoints = new EndpointPicker("nodeport-endpoints", nodePortKey, nodePortKeyType, _ip, "endpoints by NodePort");
        _nodePortClusterEndpoints = new EndpointPicker("nodeport-cluster-endpoints", nodePortKey, nodePortKeyType, _ip, "Cluster endpoints by NodePort (Local policy)");
    }

    /// <summary>The table body (what goes between <c>table ip NAME {</c> and <c>}</c>) for the services of one family.</summary>
    public static void Write(StringBuilder output, IpFamily family, IEnumerable<ServicePortPlan> ports, ClusterSettings cluster)
    {
        var table = new CompactNftTable(family, cluster);
        foreach (var port in ports)
        {
            table.Add(port);
        }
        table.WriteTo(output);
    }

    private void WriteTo(StringBuilder output)
    {
        output.Append("\tcomment ");
        NftValues.AppendQuoted(output, TableComment);
        output.Append('\n');

        string key3 = _addressType + " . inet_proto . inet_service";
        const string key2 = "inet_proto . inet_service";
        NftDeclarations.Set(output, "set", "cluster-ips", _addressType, _clusterIps.Distinct(StringComparer.Ordinal).ToList(), comment: "Active ClusterIPs");
        if (_nodePortIps is not null)
        {
            NftDeclarations.Set(output, "set", "nodeport-ips", _addressType, _nodePortIps, comment: "IPs that accept NodePort traffic");
        }
        NftDeclarations.Set(output, "set", "firewall-ips", key3, _firewallIps, comment: "destinations that are subject to LoadBalancerSourceRanges");
        NftDeclarations.Set(output, "set", "firewall-allowed", key3 + " . " + _addressType, _firewallAllowed,
            comment: "the sources each of those destinations accepts", flags: "interval");
        NftDeclarations.Set(output, "set", "hairpin", _addressType + " . " + _addressType, _hairpin.Distinct(StringComparer.Ordinal).ToList(),
            comment: "an endpoint reaching itself through a service: masqueraded");
        NftDeclarations.Set(output, "map", "no-endpoint-nodeports", key2 + " : verdict", _noEndpointNodePorts, comment: "vmap to drop or reject packets to service nodeports with no endpoints");
        NftDeclarations.Set(output, "map", "no-endpoint-services", key3 + " : verdict", _noEndpointServices, comment: "vmap to drop or reject packets to services with no endpoints");
        NftDeclarations.Set(output, "map", "service-ips", key3 + " : verdict", _serviceIps, comment: "ClusterIP, ExternalIP and LoadBalancer IP traffic");
        NftDeclarations.Set(output, "map", "service-nodeports", key2 + " : verdict", _serviceNodePorts, comment: "NodePort traffic");
        foreach (var picker in Pickers)
        {
            picker.WriteDeclarations(output);
        }
        // nft lists sets and maps in the order they were made, all before the chains: the affinity sets come here.
        if (_affinitySets.Length > 0)
        {
            output.Append('\n').Append(_affinitySets);
        }

        // kube-proxy's base chains, unchanged.
        WriteBaseChains(output);

        string mark = NftValues.Hex32(_cluster.MasqueradeMark);
        string noLocalhost = NoLocalhost(_family);
        string nodePortAddress = _nodePortIps is not null ? _ip + " daddr @nodeport-ips" : noLocalhost;
        string addressKey = _ip + " daddr . meta l4proto . th dport";
        NftDeclarations.Chain(output, ClusterIpsCheck, ClusterIpsCheckRules(_family, _cluster));
        NftDeclarations.Chain(output, FirewallCheck, new[] { $"{addressKey} @firewall-ips {addressKey} . {_ip} saddr != @firewall-allowed drop" });
        NftDeclarations.Chain(output, MarkMasq, new[] { "meta mark set meta mark | " + mark });
        NftDeclarations.Chain(output, Masquerading, new[]
        {
            // Hairpin: after DNAT an endpoint talking to itself has its own address as source and destination.
            // Only DNATed traffic: the node reaching a host-network endpoint's address directly is not hairpin.
            $"ct status dnat {_ip} saddr . {_ip} daddr @hairpin jump {MarkMasq}",
            $"meta mark & {mark} == 0x00000000 return",
            "meta mark set meta mark ^ " + mark,
            "masquerade fully-random",
        });
        NftDeclarations.Chain(output, NodePortEndpointsCheck, new[] { nodePortAddress + " meta l4proto . th dport vmap @no-endpoint-nodeports" });
        NftDeclarations.Chain(output, RejectChain, new[] { "reject" }, comment: "helper for @no-endpoint-services / @no-endpoint-nodeports");
        NftDeclarations.Chain(output, ServiceEndpointsCheck, new[] { addressKey + " vmap @no-endpoint-services" });
        NftDeclarations.Chain(output, Services, new[]
        {
            addressKey + " vmap @service-ips",
            (_nodePortIps is not null ? nodePortAddress : "fib daddr type local " + noLocalhost) + " meta l4proto . th dport vmap @service-nodeports",
        });

        // The kinds of entry, each doing what kube-proxy's chains do for one service before they pick an endpoint.
        var clusterIp = new List<string>();
        if (_cluster.MasqueradeAll)
        {
            clusterIp.Add("jump " + MarkMasq);
        }
        else if (_clusterCidr != null)
        {
            // Traffic from outside the cluster reaching a cluster IP through this node may leave it again.
            clusterIp.Add($"{_ip} saddr != {_clusterCidr} jump {MarkMasq}");
        }
        clusterIp.Add("goto " + _endpoints.Chain);
        NftDeclarations.Chain(output, ClusterIpChain, clusterIp, comment: "a cluster IP: masquerade traffic from outside the cluster");
        NftDeclarations.Chain(output, ExternalChain, ExternalRules(local: false, _endpoints, _clusterEndpoints),
            comment: "an external or load balancer IP, Cluster policy: masquerade, so that replies come back through this node");
        NftDeclarations.Chain(output, ExternalLocalChain, ExternalRules(local: true, _endpoints, _clusterEndpoints),
            comment: "an external or load balancer IP, Local policy: pods and the node itself use the Cluster endpoints");
        NftDeclarations.Chain(output, NodePortChain, ExternalRules(local: false, _nodePortEndpoints, _nodePortClusterEndpoints),
            comment: "a NodePort, Cluster policy");
        NftDeclarations.Chain(output, NodePortLocalChain, ExternalRules(local: true, _nodePortEndpoints, _nodePortClusterEndpoints),
            comment: "a NodePort, Local policy");
        foreach (var picker in Pickers)
        {
            NftDeclarations.Chain(output, picker.Chain, picker.Rules(), comment: "DNAT to one of the " + picker.Description);
        }
        if (_affinityChains.Length > 0)
        {
            output.Append('\n').Append(_affinityChains);
        }
    }

    private IEnumerable<EndpointPicker> Pickers => new[] { _endpoints, _clusterEndpoints, _nodePortEndpoints, _nodePortClusterEndpoints };

    /// <summary>kube-proxy's external- chain, the policy chain it goes to being a picker.</summary>
    private List<string> ExternalRules(bool local, EndpointPicker endpoints, EndpointPicker clusterEndpoints)
    {
        var rules = new List<string>();
        if (!local)
        {
            // Endpoints may be on other nodes: masquerade so that replies come back through this node.
            rules.Add("jump " + MarkMasq);
        }
        else
        {
            if (_clusterCidr != null)
            {
                // Pods reaching an external address are treated as if they had gone out and come back in.
                rules.Add($"{_ip} saddr {_clusterCidr} goto {clusterEndpoints.Chain} comment \"short-circuit pod traffic\"");
            }
            // The node itself takes the external address as its source, so its own traffic must be masqueraded.
            rules.Add($"fib saddr type local jump {MarkMasq} comment \"masquerade local traffic\"");
            rules.Add($"fib saddr type local goto {clusterEndpoints.Chain} comment \"short-circuit local traffic\"");
        }
        // Without local endpoints the key is in no set of the picker: the packet leaves it un-NATed, and the
        // filter chains drop it (no-endpoint-services / no-endpoint-nodeports), as kube-proxy does.
        rules.Add("goto " + endpoints.Chain);
        return rules;
    }

    /// <summary>One service port: its plan rendered as elements of the sets and maps (the affinity fallback: also its own chains).</summary>
    private void Add(ServicePortPlan plan)
    {
        var service = plan.Service;
        string protocol = plan.Protocol;
        string port = Number(plan.Port);
        bool hasExternal = plan.ExternalNoEndpoints is null;
        bool affinity = plan.AffinityTimeout.HasValue;
        string noEndpointVerdict = plan.NoEndpointVerdict == NoEndpointVerdict.Drop ? "drop" : "goto " + RejectChain;
        string comment = " comment " + Quoted(plan.Name);
        string serviceName = KubeProxyNftNames.ServiceBase(service);
        // The affinity fallback's chains, named as kube-proxy names them.
        string internalChain = (plan.Traffic.InternalLocal ? KubeProxyNftNames.LocalPrefix : KubeProxyNftNames.ServicePrefix) + serviceName;
        string externalChain = KubeProxyNftNames.ExternalPrefix + serviceName;

        string clusterIp = Address(plan.ClusterIp);
        string clusterKey = $"{clusterIp} . {protocol} . {port}";
        _clusterIps.Add(clusterIp);
        if (plan.InternalNoEndpoints is null)
        {
            _serviceIps.Add($"{clusterKey}{comment} : goto {(affinity ? internalChain : ClusterIpChain)}");
            if (!affinity)
            {
                _endpoints.Add(clusterKey, plan.InternalPicks);
            }
        }
        else
        {
            _noEndpointServices.Add($"{clusterKey}{comment} : {noEndpointVerdict}");
        }

        string externalKind = plan.Traffic.ExternalLocal ? ExternalLocalChain : ExternalChain;
        foreach (string address in plan.ExternalIps.Concat(plan.LoadBalancerIps).Select(Address))
        {
            string key = $"{address} . {protocol} . {port}";
            if (plan.DispatchesExternal)
            {
                _serviceIps.Add($"{key}{comment} : goto {(affinity ? externalChain : externalKind)}");
                if (!affinity)
                {
                    AddExternal(plan, key, _endpoints, _clusterEndpoints);
                }
            }
            if (!hasExternal)
            {
                _noEndpointServices.Add($"{key}{comment} : {noEndpointVerdict}");
            }
        }
        // Unlike iptables' KUBE-FW, kube-proxy's nft firewall applies even while the service has no endpoints.
        if (plan.HasSourceRanges)
        {
            var sources = Uncovered(plan.FirewallSources.Select(Address).ToList());
            foreach (string address in plan.LoadBalancerIps.Select(Address))
            {
                string key = $"{address} . {protocol} . {port}";
                _firewallIps.Add(key);
                _firewallAllowed.AddRange(sources.Select(s => $"{key} . {s}"));
            }
        }
        // NodePorts are not subject to the load balancer source ranges, in kube-proxy either.
        if (plan.NodePort is { } nodePort)
        {
            string key = $"{protocol} . {Number(nodePort)}";
            if (plan.DispatchesExternal)
            {
                _serviceNodePorts.Add($"{key}{comment} : goto {(affinity ? externalChain : plan.Traffic.ExternalLocal ? NodePortLocalChain : NodePortChain)}");
                if (!affinity)
                {
                    AddExternal(plan, key, _nodePortEndpoints, _nodePortClusterEndpoints);
                }
            }
            if (!hasExternal)
            {
                _noEndpointNodePorts.Add($"{key}{comment} : {noEndpointVerdict}");
            }
        }

        foreach (var endpoint in plan.ReachableEndpoints)
        {
            string address = Address(endpoint.Address);
            _hairpin.Add($"{address} . {address}");
        }
        if (affinity)
        {
            KubeProxyNftTable.WriteServiceChains(_affinityChains, _affinitySets, _family, _cluster, plan);
        }
    }

    /// <summary>An external entry's endpoints; under Local policy also the Cluster ones, for pods and the node.</summary>
    private static void AddExternal(ServicePortPlan plan, string key, EndpointPicker endpoints, EndpointPicker clusterEndpoints)
    {
        endpoints.Add(key, plan.ExternalPicks);
        if (plan.Traffic.ExternalLocal)
        {
            clusterEndpoints.Add(key, plan.ClusterPicks);
        }
    }

    /// <summary>
    /// The sources without those inside another one: nft refuses overlapping intervals in one set, and a range
    /// inside another adds nothing to what it lets in.
    /// </summary>
    private static List<string> Uncovered(IReadOnlyList<string> sources)
    {
        var distinct = sources.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Where(s => !distinct.Any(other => other != s && IpNetwork.Contains(other, s))).ToList();
    }

    private static string Quoted(string text)
    {
        var quoted = new StringBuilder(text.Length + 2);
        NftValues.AppendQuoted(quoted, text);
        return quoted.ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
