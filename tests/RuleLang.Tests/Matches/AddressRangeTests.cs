using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Symbolic;
using RuleLang.Analysis.Trace;
using RuleLang.Checker;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Matches;

/// <summary>-m iprange through the importer, the checker, the trace and the symbolic analysis.</summary>
public class AddressRangeTests
{
    private static readonly SourceLocation Line7 = new("rules.v4", 7, 1);

    [TestCase("-A INPUT -m iprange --src-range 10.0.0.1-10.0.0.9 -j ACCEPT", AddressSide.Source, "10.0.0.1", "10.0.0.9", false)]
    [TestCase("-A INPUT -m iprange ! --dst-range 10.0.0.1-10.0.0.9 -j ACCEPT", AddressSide.Destination, "10.0.0.1", "10.0.0.9", true)]
    // libxt_iprange takes one address as the range of that address alone.
    [TestCase("-A INPUT -m iprange --src-range 10.0.0.5 -j ACCEPT", AddressSide.Source, "10.0.0.5", "10.0.0.5", false)]
    public void The_importer_reads_an_iptables_save_range(string line, AddressSide side, string from, string to, bool negated)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, Line7, IpFamily.IPv4);

        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        Assert.That(parsed.Rule!.Matches.Single(), Is.EqualTo(new AddressRangeMatch(side, from, to, negated))
            .Using<Match>((a, b) => a is AddressRangeMatch x && b is AddressRangeMatch y && x.Side == y.Side && x.From == y.From && x.To == y.To && x.Negated == y.Negated));
    }

    [TestCase("-A INPUT -m iprange --src-range 10.0.0.1/24-10.0.0.9 -j ACCEPT", IpFamily.IPv4, "RL0203@33")]
    [TestCase("-A INPUT -m iprange --src-range 10.0.0.1-nowhere -j ACCEPT", IpFamily.IPv4, "RL0203@33")]
    [TestCase("-A INPUT -m iprange --src-range ::1-::2 -j ACCEPT", IpFamily.IPv4, "RL0203@33")]
    [TestCase("-A INPUT -m iprange --dst-range 10.0.0.1-10.0.0.2 -j ACCEPT", IpFamily.IPv6, "RL0203@33")]
    public void A_malformed_range_is_a_diagnostic_at_the_range(string line, IpFamily family, string expected)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, Line7, family);

        Assert.That(parsed.Rule, Is.Null);
        Assert.That(parsed.Diagnostics.Select(d => $"{d.Id}@{d.Location.Column}"), Is.EqualTo(new[] { expected }), () => string.Join("\n", parsed.Diagnostics));
    }

    [TestCase("10.0.0.9", "10.0.0.1", "RL0111", "runs backwards")]
    [TestCase("10.0.0.1", "2001:db8::1", "RL0111", "two families")]
    [TestCase("10.0.0.1/32", "10.0.0.9", "RL0101", "without a prefix length")]
    [TestCase("10.0.0.1", "10.0.0.999", "RL0101", "10.0.0.999")]
    public void The_checker_refuses_a_range_the_kernel_would_refuse_or_never_match(string from, string to, string id, string words)
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Accept, new AddressRangeMatch(AddressSide.Source, from, to)))));

        var diagnostics = PolicyChecker.Check(policy).Where(d => d.Severity == Severity.Error).ToArray();

        Assert.That(diagnostics.Select(d => d.Id), Does.Contain(id), () => string.Join("\n", diagnostics.Select(d => d.ToString())));
        Assert.That(diagnostics.Single(d => d.Id == id).Message, Does.Contain(words));
    }

    [TestCase("10.0.0.1", "10.0.0.9")]
    [TestCase("10.0.0.5", "10.0.0.5")]
    [TestCase("2001:db8::1", "2001:db8::ff")]
    public void The_checker_accepts_a_range_of_one_family_in_order(string from, string to)
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Accept, new AddressRangeMatch(AddressSide.Destination, from, to)))));
        Assert.That(PolicyChecker.Check(policy).Where(d => d.Severity == Severity.Error), Is.Empty);
    }

    [TestCase("192.168.1.4", false, TraceVerdict.Dropped)]
    [TestCase("192.168.1.5", false, TraceVerdict.Accepted)]
    [TestCase("192.168.1.9", false, TraceVerdict.Accepted)]
    [TestCase("192.168.1.10", false, TraceVerdict.Dropped)]
    [TestCase("192.168.1.10", true, TraceVerdict.Accepted)]
    [TestCase("192.168.1.7", true, TraceVerdict.Dropped)]
    public void The_trace_tests_both_ends_included(string source, bool negated, TraceVerdict expected)
    {
        var policy = Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Input, Verdict.Drop,
            Trace.TraceModel.Rule(VerdictTarget.Accept, new AddressRangeMatch(AddressSide.Source, "192.168.1.5", "192.168.1.9", negated)))));

        var outcome = Trace.TraceModel.Only(Trace.TraceModel.TraceOf(policy, $"tcp {source}:40000 -> 10.0.0.2:22 iif eth0",
            new TraceOptions { LocalAddresses = new[] { "10.0.0.2" } }));

        Assert.That(outcome.Verdict, Is.EqualTo(expected));
    }

    [Test]
    public void An_IPv4_range_never_matches_an_IPv6_packet_in_the_trace()
    {
        var policy = Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Input, Verdict.Drop,
            Trace.TraceModel.Rule(VerdictTarget.Accept, new AddressRangeMatch(AddressSide.Source, "0.0.0.0", "255.255.255.255")))));

        var outcome = Trace.TraceModel.Only(Trace.TraceModel.TraceOf(policy, "tcp [2001:db8::5]:40000 -> [2001:db8::2]:22 iif eth0",
            new TraceOptions { LocalAddresses = new[] { "2001:db8::2" } }));

        Assert.That(outcome.Verdict, Is.EqualTo(TraceVerdict.Dropped));
    }

    [Test]
    public void Symbolic_analysis_sees_a_range_as_an_address_interval()
    {
        // 10.0.0.0-10.0.0.127 and 10.0.0.128-10.0.0.255 together cover 10.0.0.0/24, so the third rule is shadowed;
        // drop the second and 10.0.0.128/25 still reaches it.
        var covered = ShadowAnalysis.Find(new PolicyAnalysis(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Accept,
            Rule(1, Drop, new AddressRangeMatch(AddressSide.Source, "10.0.0.0", "10.0.0.127")),
            Rule(2, Drop, new AddressRangeMatch(AddressSide.Source, "10.0.0.128", "10.0.0.255")),
            Rule(3, new RejectTarget(), Src("10.0.0.0/24")))))), new AnalysisBudget()).ToArray();
        Assert.That(covered.Select(s => s.Rule.Position), Is.EqualTo(new[] { 3 }));

        var half = ShadowAnalysis.Find(new PolicyAnalysis(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Accept,
            Rule(1, Drop, new AddressRangeMatch(AddressSide.Source, "10.0.0.0", "10.0.0.127")),
            Rule(3, new RejectTarget(), Src("10.0.0.0/24")))))), new AnalysisBudget()).ToArray();
        Assert.That(half, Is.Empty);

        var negated = ShadowAnalysis.Find(new PolicyAnalysis(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Accept,
            Rule(1, Drop, new AddressRangeMatch(AddressSide.Source, "10.0.0.0", "10.0.0.255", Negated: true)),
            Rule(3, new RejectTarget(), Src("192.168.0.0/16")))))), new AnalysisBudget()).ToArray();
        Assert.That(negated, Has.Length.EqualTo(1), "every source in 192.168.0.0/16 is outside the range, so the first rule drops it");
    }
}
