namespace RuleLang.Model.Intents;

/// <summary>The node settings kube-proxy takes from flags: the masquerade mark bit and the cluster CIDR.</summary>
public sealed record ClusterSettings(int MasqueradeBit, string? ClusterCidr)
{
    public static ClusterSettings Default { get; } = new(14, null);

    public uint MasqueradeMark => 1u << MasqueradeBit;
}
