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
using RuleLang.Text;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Matches;

/// <summary>-m connlimit through the importer, the iptables back end's print form, the checker, nft's refusal, .rl and the trace.</summary>
public class ConnectionLimitTests
{
    private static readonly SourceLocation Line7 = new("rules.v4", 7, 1);

    [Test]
    public void The_dump_imports_every_line_and_prints_back_as_iptables_save_did() =>
        DumpRoundTrip.ImportsEveryLineAndPrintsBack(DumpRoundTrip.PathOf("connlimit.rules"));

    // What iptables-save printed for each, in a namespace.
    [TestCase("--connlimit-above 3", "--connlimit-above 3 --connlimit-mask 32 --connlimit-saddr")]
    [TestCase("! --connlimit-above 5", "--connlimit-upto 5 --connlimit-mask 32 --connlimit-saddr")]
    [TestCase("--connlimit-upto 10 --connlimit-mask 24", "--connlimit-upto 10 --connlimit-mask 24 --connlimit-saddr")]
    [TestCase("--connlimit-above 5 --connlimit-daddr", "--connlimit-above 5 --connlimit-mask 32 --connlimit-daddr")]
    [TestCase("--connlimit-above 5 --connlimit-daddr --connlimit-saddr", "--connlimit-above 5 --connlimit-mask 32 --connlimit-saddr")]
    public void The_back_end_prints_what_iptables_save_prints(string options, string expected)
    {
        var parsed = IptablesRuleParser.ParseRule("-A INPUT -m connlimit " + options + " -j DROP", TableKind.Filter, Line7, IpFamily.IPv4);
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, parsed.Rule!)));

        Assert.That(Import.ImportPipeline.Emit(policy, IpFamily.IPv4), Does.Contain("-A INPUT -m connlimit " + expected + " -j DROP\n"));
    }

    [Test]
    public void An_IPv6_prefix_prints_for_ip6tables_and_ties_the_rule_to_IPv6()
    {
        var rule = Rule(Drop, new ConnectionLimitMatch(2, true, 64));
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, rule)));

        Assert.That(FamilyProjection.FamilyOf(rule), Is.EqualTo(IpFamily.IPv6));
        Assert.That(Import.ImportPipeline.Emit(policy, IpFamily.IPv6), Does.Contain("-A INPUT -m connlimit --connlimit-above 2 --connlimit-mask 64 --connlimit-saddr -j DROP\n"));
    }

    [TestCase("-A INPUT -m connlimit --connlimit-mask 24 -j DROP", "RL0203@13")]
    [TestCase("-A INPUT -m connlimit --connlimit-upto 3 --connlimit-above 4 -j DROP", "RL0203@42")]
    [TestCase("-A INPUT -m connlimit --connlimit-above many -j DROP", "RL0203@41")]
    [TestCase("-A INPUT -m connlimit --connlimit-above 4294967295 -j DROP", "RL0201@41")]
    [TestCase("-A INPUT -m connlimit --connlimit-above 3 --connlimit-mask 33 -j DROP", "RL0203@60")]
    public void A_connlimit_the_model_cannot_hold_is_a_diagnostic_at_its_option(string line, string expected)
    {
        Assert.That(MatchTestKit.RefusedLine(line), Is.EqualTo(new[] { expected }));
    }

    [TestCase(-1, null, "connlimit count")]
    [TestCase(3, 129, "connlimit mask")]
    [TestCase(3, -1, "connlimit mask")]
    public void The_checker_refuses_what_iptables_cannot_read(int count, int? prefix, string words)
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, new ConnectionLimitMatch(count, true, prefix)))));

        var errors = PolicyChecker.Check(policy).Where(d => d.Severity == Severity.Error).ToArray();

        Assert.That(errors.Select(d => d.Id), Is.EqualTo(new[] { "RL0111" }), () => string.Join("\n", errors.Select(d => d.ToString())));
        Assert.That(errors[0].Message, Does.Contain(words));
    }

    [Test]
    public void Nft_refuses_connlimit_and_says_why()
    {
        var refusal = MatchTestKit.NftRefusal(new ConnectionLimitMatch(3, true));

        Assert.That(refusal.Message, Does.Contain("--connlimit-above 3").And.Contain("ct count"));
    }

    [Test]
    public void The_rl_grammar_reads_it_and_both_writers_spell_it_back()
    {
        var policy = MatchTestKit.ParseInput(
            "tcp dport 22 connlimit above 3 mask 24 per daddr reject",
            "connlimit upto 10 accept");
        var rules = MatchTestKit.InputRules(policy);
        Assert.That(rules[0].Matches.OfType<ConnectionLimitMatch>().Single(), Is.EqualTo(new ConnectionLimitMatch(3, true, 24, AddressSide.Destination)));
        Assert.That(rules[1].Matches.OfType<ConnectionLimitMatch>().Single(), Is.EqualTo(new ConnectionLimitMatch(10, false)));

        string rl = RlSourceWriter.Write(policy).Text;
        string cs = CSharpSourceWriter.Write(policy, "X", "Y").Text;
        Assert.That(rl, Does.Contain("connlimit above 3 mask 24 per daddr reject\n"));
        Assert.That(rl, Does.Contain("connlimit upto 10 accept\n"));
        Assert.That(cs, Does.Contain(".ConnectionLimit(3, prefix: 24, side: AddressSide.Destination)"));
        Assert.That(cs, Does.Contain(".ConnectionLimit(10, above: false)"));
    }

    [TestCase(true, TraceVerdict.Accepted)]
    [TestCase(false, TraceVerdict.Dropped)]
    public void The_trace_takes_the_count_as_not_reached_and_says_so(bool above, TraceVerdict expected)
    {
        var policy = Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Input, Verdict.Accept,
            Trace.TraceModel.Rule(VerdictTarget.Drop, new ConnectionLimitMatch(3, above)))));

        var result = Trace.TraceModel.TraceOf(policy, "tcp 192.168.1.5:40000 -> 10.0.0.2:22 iif eth0", new TraceOptions { LocalAddresses = new[] { "10.0.0.2" } });

        Assert.That(Trace.TraceModel.Only(result).Verdict, Is.EqualTo(expected));
        Assert.That(result.Assumptions, Has.Some.Contains("-m connlimit 3 is assumed not reached"));
    }
}
