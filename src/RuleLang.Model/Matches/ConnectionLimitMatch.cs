using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>
/// -m connlimit --connlimit-upto | --connlimit-above N --connlimit-mask P --connlimit-saddr | --connlimit-daddr: the
/// number of tracked connections that share the packet's source (or destination) address, cut to the prefix
/// <see cref="Prefix"/> (none: the whole address). Upto matches while there are at most <see cref="Count"/>; above
/// once there are more (iptables-save prints "! --connlimit-above" as --connlimit-upto).
/// </summary>
public sealed record ConnectionLimitMatch(int Count, bool Above, int? Prefix = null, AddressSide Side = AddressSide.Source) : Match
{
    /// <summary>A prefix longer than 32 bits exists only in IPv6, so it ties the rule there.</summary>
    public override IpFamily? Family => Prefix > 32 ? IpFamily.IPv6 : null;
}
