namespace RuleLang.Model.Intents;

/// <summary>Which traffic to a cluster IP kube-proxy marks for masquerade.</summary>
public enum ClusterIpMasquerade
{
    /// <summary>None: no cluster CIDR of the family is known, and --masquerade-all is off.</summary>
    None,

    /// <summary>Traffic from outside the cluster CIDR, which reaches the cluster IP through this node and may leave it again.</summary>
    FromOutsideCluster,

    /// <summary>--masquerade-all: every packet.</summary>
    All,
}
