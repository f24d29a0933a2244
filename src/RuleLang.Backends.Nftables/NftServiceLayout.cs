namespace RuleLang.Backends.Nftables;

/// <summary>
/// How the nft back end writes a policy's Kubernetes services. The rest of a policy is written the same whatever
/// the layout: one <c>table inet &lt;policy&gt;</c>.
/// </summary>
public enum NftServiceLayout
{
    /// <summary>
    /// kube-proxy's nftables mode: per address family a table (<c>ip</c> / <c>ip6</c>, named after the policy)
    /// with its base chains and priorities, the service-ips / service-nodeports verdict maps, a chain per service
    /// port and per endpoint, numgen maps, affinity sets, and the masquerading and no-endpoint handling.
    /// </summary>
    KubeProxy,
}
