using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Targets;

/// <summary>
/// CT --helper / --zone: the template a new connection is made from, in the raw table before conntrack sees the
/// packet. The helper (ftp, sip, …) follows the connection's control traffic and expects its data connections;
/// the zone keeps connections with equal tuples apart. Only the first CT target a packet meets counts: the
/// kernel ignores a CT target on a packet that already has a template (CT --notrack is <see cref="NotrackTarget"/>).
/// </summary>
public sealed record CtTarget(string? Helper = null, int? Zone = null, ConntrackZoneDirection ZoneDirection = ConntrackZoneDirection.Both) : Target
{
    /// <summary>The largest zone: the kernel keeps it in 16 bits. Zone 0 is every connection's default.</summary>
    public const int MaxZone = 65535;

    public override string Name => "CT";

    /// <summary>IPv4, for a helper the kernel has only for IPv4 (ip6tables refuses it); else both families.</summary>
    public override IpFamily? Family => ConntrackHelpers.Find(Helper) is { Ipv4Only: true } ? IpFamily.IPv4 : null;
}
