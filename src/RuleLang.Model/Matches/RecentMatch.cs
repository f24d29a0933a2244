using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>
/// -m recent --name N --set | --rcheck | --update | --remove [--seconds S] [--reap] [--hitcount H] [--rttl]
/// [--rsource | --rdest]: a named list of addresses kept by the kernel. kube-proxy's iptables mode remembers a
/// ClientIP session affinity with --set and --rcheck; SSH brute-force guards drop a source that opened
/// --hitcount connections within --seconds with --update.
/// </summary>
public sealed record RecentMatch(
    string Name,
    RecentCommand Command,
    int? Seconds = null,
    bool Reap = false,
    int? HitCount = null,
    bool Ttl = false,
    AddressSide Side = AddressSide.Source) : Match
{
    /// <summary>xt_recent keeps list names of up to 200 bytes.</summary>
    public const int MaxNameLength = 200;

    /// <summary>xt_recent keeps at most 65535 timestamps per address, so --hitcount goes no higher (kernel-proved).</summary>
    public const int MaxHitCount = 65535;

    /// <summary>--set and --remove change the list and check nothing, so --seconds, --reap, --hitcount and --rttl cannot qualify them.</summary>
    public bool Checks => Command is RecentCommand.Rcheck or RecentCommand.Update;
}
