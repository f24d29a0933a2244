// Minimal cases, one per disagreement the property runs found that is reported but not fixed in src/ yet (see
// Properties/KnownIssues.cs). Each fails ValidCaseCheck at the stage named, so RegressionKernelTests reports it as
// ignored with the issue; once fixed it passes, and its KnownIssue mark (and the generator's exclusion) can go.
using RuleLang.KernelTests.Properties;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.Testing;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests.Regressions;

public static partial class SavedCases
{
    [SavedCase("iptables-restore refused the emitted ruleset", KnownIssue = KnownIssues.EmptyLogPrefix)]
    public static Policy Known_empty_log_prefix() =>
        Policy("rl",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Accept,
                    Rule(new LogTarget("", 4)))));

    [SavedCase("iptables-save differs from the emitted ruleset", KnownIssue = KnownIssues.IcmpTypeAny)]
    public static Policy Known_icmp_type_255() =>
        Policy("rl",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Accept,
                    Rule(Accept, Proto(Protocol.Icmp), new IcmpTypeMatch(IpFamily.IPv4, 255, null)))));

    [SavedCase("iptables-save differs from the emitted ruleset", KnownIssue = KnownIssues.MatchEverything)]
    public static Policy Known_source_0_0_0_0_slash_0() =>
        Policy("rl",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Accept,
                    Rule(Accept, Src("0.0.0.0/0")))));

    [SavedCase("iptables-restore refused the emitted ruleset", KnownIssue = KnownIssues.MatchEverything)]
    public static Policy Known_not_source_0_0_0_0_slash_0() =>
        Policy("rl",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Accept,
                    Rule(Accept, Src("0.0.0.0/0", not: true)))));

    // Was a known issue (iptables-save leaves -i + out; nft refuses "*"), fixed in bf83503: now a plain regression.
    [SavedCase("iptables-save differs from the emitted ruleset")]
    public static Policy Fixed_in_interface_plus() =>
        Policy("rl",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Accept,
                    Rule(Accept, In("+")))));

    [SavedCase("iptables-save differs from the emitted ruleset", KnownIssue = KnownIssues.DscpHexDigits)]
    public static Policy Known_dscp_below_16() =>
        Policy("rl",
            M.Table(TableKind.Mangle,
                Builtin(Hook.Forward, Verdict.Accept,
                    Rule(new DscpTarget(14)))));

    [SavedCase("iptables-save differs from the emitted ruleset", KnownIssue = KnownIssues.LogPrefixBytes)]
    public static Policy Known_log_prefix_of_15_two_byte_characters() =>
        Policy("rl",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Accept,
                    Rule(new LogTarget("\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9", 4)))));

    [SavedCase("compile threw", KnownIssue = KnownIssues.LimitRateTooFast)]
    public static Policy Known_limit_700000_per_minute() =>
        Policy("rl",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Accept,
                    Rule(Accept, new LimitMatch(700000, RateUnit.Minute, 5)))));

    [SavedCase("iptables-restore refused the emitted ruleset", KnownIssue = KnownIssues.ChainNamedLikeBuiltin)]
    public static Policy Known_user_chain_named_prerouting_in_filter() =>
        Policy("rl",
            M.Table(TableKind.Filter,
                Builtin(Hook.Output, Verdict.Accept,
                    Rule(Jump("PREROUTING"))),
                User("PREROUTING",
                    Rule(Accept, Out("eth0")))));
}
