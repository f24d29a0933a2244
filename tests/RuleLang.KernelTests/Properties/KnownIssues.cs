using System;

namespace RuleLang.KernelTests.Properties;

/// <summary>
/// Disagreements the property runs found, kept as a record. All are fixed: the back-end ones have saved cases
/// under Regressions/ that must pass; the ones fixed by making the checker refuse the shape are cases of
/// tests/Shared/NetfilterFactCorpus.cs, and the valid-policy generator keeps leaving those shapes out (they are no
/// longer valid). A new disagreement found before its fix lands can be recorded here with a saved case marked
/// KnownIssue, which RegressionKernelTests reports as ignored while it fails the same way.
/// RULELANG_PROPERTY_KNOWN_ISSUES=1 generates the excluded shapes anyway.
/// </summary>
public static class KnownIssues
{
    public const string DropInNat =
        "the checker accepts DROP in the nat table, which iptables-restore 1.8.9 refuses (\"The nat table is not intended for filtering, the use of DROP is therefore inhibited\"); nft takes it";

    public const string AddressTypeOnIpv6 =
        "the checker accepts -m addrtype with BROADCAST, BLACKHOLE, PROHIBIT, THROW, NAT or XRESOLVE in a rule that reaches ip6tables, which the kernel refuses (xt_addrtype: \"ipv6 does not support BROADCAST matching\" and the like)";

    public const string EmptyLogPrefix =
        "the checker accepts an empty log prefix and the iptables back end prints --log-prefix \"\", which iptables-restore refuses (\"Argument must have a minimum length of 1 characters\"); no prefix (null) is what it means";

    public const string IcmpTypeAny =
        "the checker accepts ICMP type 255, which iptables reads as 'any ICMP type' (iptables-save prints --icmp-type any, the kernel matches every type) while nft matches type 255 only: the back ends disagree";

    public const string MatchEverything =
        "an address match of every address (-s/-d 0.0.0.0/0 or ::/0) is printed, but iptables-save leaves it out (the normal form does not round-trip), and its negation ! -s 0.0.0.0/0, which matches nothing, is refused by iptables-restore (nf_tables) while the checker accepts it (as it now refuses ! -i +)";

    public const string DscpHexDigits =
        "the iptables back end prints --set-dscp 0xe for DSCP values below 16, iptables-save prints 0x0e: the normal form does not round-trip";

    public const string LogPrefixBytes =
        "the checker counts a log prefix in characters (29), the kernel keeps 29 bytes: a non-ASCII prefix within the checker's limit is silently cut, even inside a character";

    public const string LimitRateTooFast =
        "the checker allows a limit of up to 1000000/minute, but above 600000/minute (10000/s, the kernel's finest period) the iptables back end throws DivideByZeroException (LimitRate.Format) and iptables itself refuses the rate as too fast";

    public const string ChainNamedLikeBuiltin =
        "the checker accepts a user chain named like a built-in chain of another table (PREROUTING in filter, FORWARD in nat) and judges it by the hooks that reach it, but iptables judges a chain by its name: -o in a user chain named PREROUTING is refused (\"Can't use -o with PREROUTING\")";

    public static bool Generate { get; } = Environment.GetEnvironmentVariable("RULELANG_PROPERTY_KNOWN_ISSUES") == "1";
}
