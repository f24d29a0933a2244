using System.IO;
using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Backends.Nftables;
using RuleLang.Checker;
using RuleLang.Importers.Iptables;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.SourceWriters;
using RuleLang.Testing;
using RuleLang.Tests.Import;
using RuleLang.Text;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Matches;

/// <summary>-m hashlimit through the importer, the iptables back end's print form, the checker, nft's refusal, .rl and the trace.</summary>
public class HashLimitTests
{
    private static readonly SourceLocation Line7 = new("rules.v4", 7, 1);

    private static readonly string DumpPath = DumpRoundTrip.PathOf("hashlimit.rules");

    [Test]
    public void The_dump_imports_every_line_and_prints_back_as_iptables_save_did() => DumpRoundTrip.ImportsEveryLineAndPrintsBack(DumpPath);

    // What iptables-save printed for each, in a namespace: the rate in the largest unit that holds it exactly, the
    // burst always, the expiry left out when it is the printed unit, the family's full mask left out.
    [TestCase("--hashlimit-upto 60/min --hashlimit-name a --hashlimit-htable-expire 1000",
        "-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name a")]
    [TestCase("--hashlimit-upto 60/min --hashlimit-name a --hashlimit-htable-expire 60000",
        "-m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 5 --hashlimit-name a --hashlimit-htable-expire 60000")]
    [TestCase("--hashlimit-upto 7/min --hashlimit-name a --hashlimit-srcmask 32 --hashlimit-dstmask 16",
        "-m hashlimit --hashlimit-upto 7/min --hashlimit-burst 5 --hashlimit-name a --hashlimit-dstmask 16")]
    [TestCase("--hashlimit-upto 4/min --hashlimit-mode dstport,dstip,srcport,srcip --hashlimit-name a1",
        "-m hashlimit --hashlimit-upto 4/min --hashlimit-burst 5 --hashlimit-mode srcip,srcport,dstip,dstport --hashlimit-name a1")]
    [TestCase("--hashlimit-upto 3/s --hashlimit-name a8", "-m hashlimit --hashlimit-upto 3/sec --hashlimit-burst 5 --hashlimit-name a8")]
    [TestCase("--hashlimit-upto 1000000/sec --hashlimit-name a7", "-m hashlimit --hashlimit-upto 1000000/sec --hashlimit-burst 5 --hashlimit-name a7")]
    public void The_back_end_prints_what_iptables_save_prints(string options, string expected)
    {
        var parsed = IptablesRuleParser.ParseRule("-A INPUT -m hashlimit " + options + " -j ACCEPT", TableKind.Filter, Line7, IpFamily.IPv4);
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, parsed.Rule!)));

        string emitted = ImportPipeline.Emit(policy, IpFamily.IPv4);

        Assert.That(emitted, Does.Contain("-A INPUT " + expected + " -j ACCEPT\n"));
    }

    [TestCase("-A INPUT -m hashlimit --hashlimit-name a -j DROP", "RL0203@13")]
    [TestCase("-A INPUT -m hashlimit --hashlimit-upto 4/min -j DROP", "RL0203@13")]
    [TestCase("-A INPUT -m hashlimit --hashlimit-upto 4/min --hashlimit-above 5/min --hashlimit-name a -j DROP", "RL0203@46")]
    [TestCase("-A INPUT -m hashlimit --hashlimit-above 512kb/s --hashlimit-name a -j DROP", "RL0201@41")]
    [TestCase("-A INPUT -m hashlimit --hashlimit-upto 4/fortnight --hashlimit-name a -j DROP", "RL0203@40")]
    [TestCase("-A INPUT -m hashlimit --hashlimit-upto 4/min --hashlimit-mode srcmac --hashlimit-name a -j DROP", "RL0203@63")]
    [TestCase("-A INPUT -m hashlimit --hashlimit-upto 4/min --hashlimit-name a --hashlimit-srcmask 33 -j DROP", "RL0203@85")]
    [TestCase("-A INPUT -m hashlimit --hashlimit-upto 4/min --hashlimit-name a --hashlimit-htable-size 1024 -j DROP", "RL0201@65")]
    public void A_hashlimit_the_model_cannot_hold_is_a_diagnostic_at_its_option(string line, string expected)
    {
        Assert.That(MatchTestKit.RefusedLine(line), Is.EqualTo(new[] { expected }));
    }

    // Each refused in a namespace (libxt_hashlimit or the kernel's EINVAL), or cut silently (a 255-byte name).
    [TestCase("a/b", 4, RateUnit.Minute, 5, null, "hashlimit name")]
    [TestCase("", 4, RateUnit.Minute, 5, null, "hashlimit name")]
    [TestCase(null, 4, RateUnit.Minute, 5, null, "hashlimit name")]
    [TestCase("a", 1000001, RateUnit.Second, 5, null, "hashlimit rate")]
    [TestCase("a", 0, RateUnit.Minute, 5, null, "hashlimit rate")]
    [TestCase("a", 4, RateUnit.Minute, 0, null, "hashlimit burst")]
    [TestCase("a", 4, RateUnit.Minute, 1000001, null, "hashlimit burst")]
    [TestCase("a", 4, RateUnit.Minute, 5, 129, "hashlimit source prefix")]
    public void The_checker_refuses_what_the_kernel_refuses(string? name, int rate, RateUnit unit, int burst, int? sourcePrefix, string words)
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Drop, new HashLimitMatch(name ?? new string('x', 255), rate, unit, Burst: burst, SourcePrefix: sourcePrefix)))));

        var errors = PolicyChecker.Check(policy).Where(d => d.Severity == Severity.Error).ToArray();

        Assert.That(errors.Select(d => d.Id), Is.EqualTo(new[] { "RL0111" }), () => string.Join("\n", errors.Select(d => d.ToString())));
        Assert.That(errors[0].Message, Does.Contain(words));
    }

    [Test]
    public void The_checker_accepts_the_kernel_s_limits_and_a_long_prefix_ties_the_rule_to_IPv6()
    {
        var limit = new HashLimitMatch(new string('x', 254), 1000000, RateUnit.Second, Burst: 1000000, SourcePrefix: 64, ExpireMilliseconds: 1);
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, limit))));

        Assert.That(PolicyChecker.Check(policy).Where(d => d.Severity == Severity.Error), Is.Empty);
        Assert.That(FamilyProjection.FamilyOf(policy.Tables[0].Chains[0].Rules[0]), Is.EqualTo(IpFamily.IPv6));
    }

    [Test]
    public void Nft_refuses_hashlimit_and_says_why()
    {
        var refusal = MatchTestKit.NftRefusal(new HashLimitMatch("ssh", 4, RateUnit.Minute, Keys: HashLimitKeys.SourceAddress));

        Assert.That(refusal.Message, Does.Contain("--hashlimit-name ssh").And.Contain("meter"));
    }

    [Test]
    public void The_rl_grammar_reads_every_option_and_both_writers_spell_it_back()
    {
        var policy = MatchTestKit.ParseInput(
            "tcp dport 22 hashlimit upto 4/minute burst 10 per saddr,dport name ssh expire 30000 srcmask 24 dstmask 16 accept",
            "hashlimit above 100/second name \"a:b\" drop");
        var rules = MatchTestKit.InputRules(policy);
        Assert.That(rules[0].Matches.OfType<HashLimitMatch>().Single(), Is.EqualTo(new HashLimitMatch("ssh", 4, RateUnit.Minute, false, 10,
            HashLimitKeys.SourceAddress | HashLimitKeys.DestinationPort, 24, 16, 30000)));
        Assert.That(rules[1].Matches.OfType<HashLimitMatch>().Single(), Is.EqualTo(new HashLimitMatch("a:b", 100, RateUnit.Second, Above: true)));

        string rl = RlSourceWriter.Write(policy).Text;
        string cs = CSharpSourceWriter.Write(policy, "X", "Y").Text;
        Assert.That(rl, Does.Contain("hashlimit upto 4/minute burst 10 per saddr,dport name ssh expire 30000 srcmask 24 dstmask 16 accept\n"));
        Assert.That(rl, Does.Contain("hashlimit above 100/second name \"a:b\" drop\n"));
        Assert.That(cs, Does.Contain(".HashLimit(\"ssh\", 4, RateUnit.Minute, burst: 10, keys: HashLimitKeys.SourceAddress | HashLimitKeys.DestinationPort, sourcePrefix: 24, destinationPrefix: 16, expireMilliseconds: 30000)"));
    }

    [TestCase(false, TraceVerdict.Dropped)]
    [TestCase(true, TraceVerdict.Accepted)]
    public void The_trace_takes_a_group_as_under_its_rate_and_says_so(bool above, TraceVerdict expected)
    {
        var policy = Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Input, Verdict.Accept,
            Trace.TraceModel.Rule(VerdictTarget.Drop, new HashLimitMatch("ssh", 4, RateUnit.Minute, Above: above)))));

        var result = Trace.TraceModel.TraceOf(policy, "tcp 192.168.1.5:40000 -> 10.0.0.2:22 iif eth0", new TraceOptions { LocalAddresses = new[] { "10.0.0.2" } });

        Assert.That(Trace.TraceModel.Only(result).Verdict, Is.EqualTo(expected));
        Assert.That(result.Assumptions, Has.Some.Contains("hashlimit --hashlimit-name ssh is assumed under its rate"));
    }
}
