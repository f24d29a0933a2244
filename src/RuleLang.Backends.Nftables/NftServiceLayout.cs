namespace RuleLang.Backends.Nftables;

/// <summary>
/// How the nft back end writes a policy's Kubernetes services. The rest of a policy is written the same whatever
/// the layout: one <c>table inet &lt;policy&gt;</c>. Both layouts behave the same under traffic (the kernel tests
/// drive the same flows through each and through the iptables output).
/// </summary>
public enum NftServiceLayout
{
    /// <summary>
    /// The default: per address family a table with a fixed set of chains, whatever the number of services and
    /// endpoints; the per-service data lives in sets and maps (verdict maps by address . protocol . port, a DNAT
    /// map keyed by <c>… . numgen random mod n</c>). nft 1.0.6 loads it in well under a second at 10,000
    /// services, where the kube-proxy layout takes over a minute. Services with ClientIP affinity keep
    /// kube-proxy's per-service chains.
    /// </summary>
    Compact,

    /// <summary>
    /// kube-proxy's nftables mode: per address family a table (<c>ip</c> / <c>ip6</c>, named after the policy)
    /// with its base chains and priorities, the service-ips / service-nodeports verdict maps, a chain per service
    /// port and per endpoint, numgen maps, affinity sets, and the masquerading and no-endpoint handling.
    /// </summary>
    KubeProxy,
}
