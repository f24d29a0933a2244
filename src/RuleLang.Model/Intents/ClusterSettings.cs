using System;
using System.Collections.Generic;

namespace RuleLang.Model.Intents;

/// <summary>
/// The node settings kube-proxy takes from flags: the masquerade mark bit and the cluster CIDR (positional, as
/// before), and the rest with kube-proxy's defaults (except
/// <see cref="LocalhostNodePorts"/>).
/// </summary>
public sealed record ClusterSettings(int MasqueradeBit, string? ClusterCidr)
{
    public static ClusterSettings Default { get; } = new(14, null);

    public uint MasqueradeMark => 1u << MasqueradeBit;

    /// <summary>MASQUERADE --random-fully, which kube-proxy adds whenever iptables supports it.</summary>
    public bool RandomFully { get; init; } = true;

    /// <summary>--masquerade-all: every packet to a cluster IP is masqueraded, not only those from outside the cluster CIDR.</summary>
    public bool MasqueradeAll { get; init; }

    /// <summary>
    /// --iptables-localhost-nodeports: IPv4 NodePorts answer on 127.0.0.1 too, guarded by the "block incoming
    /// localnet connections" rule; when false, KUBE-SERVICES leaves 127.0.0.0/8 out of NodePorts. kube-proxy's
    /// flag defaults to true, and so does `rulelang kube`'s; a policy written in C# or .rl says it. The nft
    /// layouts of services ignore it, as kube-proxy's nftables mode has no localhost NodePorts.
    /// </summary>
    public bool LocalhostNodePorts { get; init; }

    /// <summary>
    /// kube-proxy's nfacct counters (its metrics): <c>-m nfacct --nfacct-name …</c> on the KUBE-FORWARD rule that
    /// drops INVALID packets and on a copy of each IPv4 NodePort rule for 127.0.0.0/8 (with localhost NodePorts).
    /// Off by default: loading such a rule needs the xt_nfacct module and the named counters to exist.
    /// </summary>
    public bool NfacctCounters { get; init; }

    /// <summary>
    /// --nodeport-addresses: the CIDRs whose node addresses accept NodePort traffic; empty (the default) for every
    /// local address. The node's addresses are <see cref="NodeIps"/> and the loopback address.
    /// </summary>
    public IReadOnlyList<string> NodePortAddresses { get; init; } = Array.Empty<string>();

    /// <summary>This node's addresses (one per family): a load balancer source range holding one lets the node reach the VIP.</summary>
    public IReadOnlyList<string> NodeIps { get; init; } = Array.Empty<string>();

    /// <summary>
    /// kube-proxy's service CIDRs (--service-cluster-ip-range), at most one per family. kube-proxy's nftables mode
    /// drops traffic to an address in them that no service uses; its iptables mode has no such rule.
    /// </summary>
    public IReadOnlyList<string> ServiceCidrs { get; init; } = Array.Empty<string>();

    public bool Equals(ClusterSettings? other) =>
        other is not null
        && MasqueradeBit == other.MasqueradeBit
        && ClusterCidr == other.ClusterCidr
        && RandomFully == other.RandomFully
        && MasqueradeAll == other.MasqueradeAll
        && LocalhostNodePorts == other.LocalhostNodePorts
        && NfacctCounters == other.NfacctCounters
        && EquatableLists.Equal(NodeIps, other.NodeIps)
        && EquatableLists.Equal(NodePortAddresses, other.NodePortAddresses)
        && EquatableLists.Equal(ServiceCidrs, other.ServiceCidrs);

    public override int GetHashCode()
    {
        unchecked
        {
            int hash = (MasqueradeBit * 397) ^ (ClusterCidr?.GetHashCode() ?? 0);
            hash = (hash * 397) ^ (RandomFully ? 1 : 0) ^ (MasqueradeAll ? 2 : 0) ^ (LocalhostNodePorts ? 4 : 0) ^ (NfacctCounters ? 8 : 0);
            hash = (hash * 397) ^ EquatableLists.Hash(NodeIps) ^ EquatableLists.Hash(NodePortAddresses);
            return (hash * 397) ^ EquatableLists.Hash(ServiceCidrs);
        }
    }
}
