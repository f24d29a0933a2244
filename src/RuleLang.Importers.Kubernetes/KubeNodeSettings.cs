using System;
using System.Collections.Generic;

namespace RuleLang.Importers.Kubernetes;

/// <summary>
/// What kube-proxy on one node takes from its flags rather than from the API: the node's name (an endpoint whose
/// EndpointSlice nodeName is this one is local, which Local traffic policies use), the node's addresses, the
/// cluster CIDRs (--cluster-cidr) and the masquerade mark bit (--iptables-masquerade-bit). The defaults are
/// kube-proxy's, except the node name: kube-proxy takes the machine's hostname, which would make the output depend
/// on where it is generated, so without a name no endpoint is local.
/// </summary>
public sealed record KubeNodeSettings
{
    public static KubeNodeSettings Default { get; } = new();

    /// <summary>--hostname-override: the nodeName that marks an endpoint as local; null for none.</summary>
    public string? NodeName { get; init; }

    /// <summary>The node's addresses (at most one per family is used): a load balancer source range holding one lets the node reach the VIP.</summary>
    public IReadOnlyList<string> NodeIps { get; init; } = Array.Empty<string>();

    /// <summary>--cluster-cidr: traffic to a cluster IP from outside it is masqueraded; none by default, as in kube-proxy.</summary>
    public IReadOnlyList<string> ClusterCidrs { get; init; } = Array.Empty<string>();

    /// <summary>--service-cluster-ip-range: kube-proxy's nftables mode drops traffic to an address in it that no service uses.</summary>
    public IReadOnlyList<string> ServiceCidrs { get; init; } = Array.Empty<string>();

    /// <summary>--iptables-masquerade-bit: the bit of the packet mark KUBE-MARK-MASQ sets (0 to 31, default 14).</summary>
    public int MasqueradeBit { get; init; } = 14;

    /// <summary>--masquerade-all: masquerade every packet sent to a cluster IP.</summary>
    public bool MasqueradeAll { get; init; }

    /// <summary>--iptables-localhost-nodeports: IPv4 NodePorts also answer on 127.0.0.1 (kube-proxy's default: on).</summary>
    public bool LocalhostNodePorts { get; init; } = true;

    /// <summary>MASQUERADE --random-fully, which kube-proxy adds when iptables supports it (on by default).</summary>
    public bool RandomFully { get; init; } = true;

    /// <summary>--nodeport-addresses: only the node's addresses (NodeIps and loopback) in these CIDRs accept NodePorts; empty for all.</summary>
    public IReadOnlyList<string> NodePortAddresses { get; init; } = Array.Empty<string>();

    /// <summary>kube-proxy's nfacct counters (-m nfacct); off by default, as the kernel module may be absent.</summary>
    public bool NfacctCounters { get; init; }

    public bool Equals(KubeNodeSettings? other) =>
        other is not null
        && NodeName == other.NodeName
        && MasqueradeBit == other.MasqueradeBit
        && MasqueradeAll == other.MasqueradeAll
        && LocalhostNodePorts == other.LocalhostNodePorts
        && RandomFully == other.RandomFully
        && NfacctCounters == other.NfacctCounters
        && System.Linq.Enumerable.SequenceEqual(NodeIps, other.NodeIps)
        && System.Linq.Enumerable.SequenceEqual(ClusterCidrs, other.ClusterCidrs)
        && System.Linq.Enumerable.SequenceEqual(NodePortAddresses, other.NodePortAddresses)
        && System.Linq.Enumerable.SequenceEqual(ServiceCidrs, other.ServiceCidrs);

    public override int GetHashCode() => HashCode.Combine(NodeName, MasqueradeBit, MasqueradeAll, NodeIps.Count, ClusterCidrs.Count, ServiceCidrs.Count);
}
