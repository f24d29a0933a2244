using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Model.Matches;

/// <summary>
/// -m hashlimit --hashlimit-upto | --hashlimit-above RATE/UNIT --hashlimit-burst B --hashlimit-mode KEYS
/// --hashlimit-name N [--hashlimit-srcmask P] [--hashlimit-dstmask P] [--hashlimit-htable-expire MS]: a token bucket
/// per group of packets that share the <see cref="Keys"/> fields (addresses cut to the prefixes), kept in the kernel
/// table <see cref="Name"/>. Upto matches while the group is under the rate; above matches once it is over.
/// </summary>
public sealed record HashLimitMatch(
    string Name,
    int Rate,
    RateUnit Unit,
    bool Above = false,
    int Burst = HashLimitMatch.DefaultBurst,
    HashLimitKeys Keys = HashLimitKeys.None,
    int? SourcePrefix = null,
    int? DestinationPrefix = null,
    int? ExpireMilliseconds = null) : Match
{
    /// <summary>libxt_hashlimit's burst when none is given.</summary>
    public const int DefaultBurst = 5;

    /// <summary>libxt_hashlimit reads bursts of 1 to 1000000 packets (kernel-proved).</summary>
    public const int MaxBurst = 1000000;

    /// <summary>The kernel's finest period is a millionth of a second: at most 1000000 packets a second.</summary>
    public const long MaxPerSecond = 1000000;

    /// <summary>The table name is a file under /proc/net/ipt_hashlimit: up to 254 bytes (iptables cuts a longer one silently).</summary>
    public const int MaxNameLength = 254;

    /// <summary>A prefix longer than 32 bits exists only in IPv6, so it ties the rule there.</summary>
    public override IpFamily? Family => SourcePrefix > 32 || DestinationPrefix > 32 ? IpFamily.IPv6 : null;
}
