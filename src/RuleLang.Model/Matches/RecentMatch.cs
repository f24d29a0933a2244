using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>
/// -m recent --name N --set | --rcheck [--seconds S] [--reap]: a named list of source addresses kept by the
/// kernel, which is how kube-proxy's iptables mode remembers a ClientIP session affinity.
/// </summary>
public sealed record RecentMatch(string Name, RecentCommand Command, int? Seconds = null, bool Reap = false) : Match
{
    /// <summary>xt_recent keeps list names of up to 200 bytes.</summary>
    public const int MaxNameLength = 200;
}
