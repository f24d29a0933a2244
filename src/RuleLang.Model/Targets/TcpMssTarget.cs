namespace RuleLang.Model.Targets;

/// <summary>
/// TCPMSS: rewrite the maximum segment size a SYN announces, to a fixed value (<c>--set-mss</c>) or to the route's
/// MTU less the headers (<c>--clamp-mss-to-pmtu</c>, when <see cref="Mss"/> is null). Evaluation goes on after it.
/// </summary>
public sealed record TcpMssTarget(int? Mss = null) : Target
{
    /// <summary>The largest MSS iptables takes: 65535 less the 20-byte IPv4 and 20-byte TCP headers.</summary>
    public const int MaxIpv4Mss = 65515;

    /// <summary>The largest MSS ip6tables takes: 65535 less the 40-byte IPv6 and 20-byte TCP headers.</summary>
    public const int MaxIpv6Mss = 65495;

    public bool ClampsToPmtu => Mss is null;

    public override string Name => "TCPMSS";
}
