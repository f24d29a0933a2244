// Minimal cases of disagreements the property runs found in the back ends, now fixed: each must pass as a valid
// policy. (Those fixed by making the checker refuse the shape are cases of tests/Shared/NetfilterFactCorpus.cs.)
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
    [SavedCase("iptables-restore refused the emitted ruleset")]
    public static Policy Fixed_empty_log_prefix() =>
        Policy("rl",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Accept,
                    Rule(new LogTarget("", 4)))));

    [SavedCase("iptables-save differs from the emitted ruleset")]
    public static Policy Fixed_source_0_0_0_0_slash_0() =>
        Policy("rl",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Accept,
                    Rule(Accept, Src("0.0.0.0/0")))));

    // Was a known issue (iptables-save leaves -i + out; nft refuses "*"), fixed in bf83503: now a plain regression.

    [SavedCase("iptables-save differs from the emitted ruleset")]
    public static Policy Fixed_in_interface_plus() =>
        Policy("rl",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Accept,
                    Rule(Accept, In("+")))));

    [SavedCase("iptables-save differs from the emitted ruleset")]
    public static Policy Fixed_dscp_below_16() =>
        Policy("rl",
            M.Table(TableKind.Mangle,
                Builtin(Hook.Forward, Verdict.Accept,
                    Rule(new DscpTarget(14)))));
}
