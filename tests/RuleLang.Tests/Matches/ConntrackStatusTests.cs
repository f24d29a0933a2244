using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.SourceWriters;
using RuleLang.Text;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Matches;

/// <summary>-m conntrack --ctstatus, --ctdir and --ctexpire through the importer, both back ends, the .rl text, the source writers and the trace.</summary>
public class ConntrackStatusTests
{
    private static readonly SourceLocation Line7 = new("rules.v4", 7, 1);

    public static readonly object[] Lines =
    {
        new object[] { "-A INPUT -m conntrack --ctstatus NONE", new ConntrackStatusMatch(ConntrackStatus.None) },
        new object[] { "-A INPUT -m conntrack --ctstatus EXPECTED", new ConntrackStatusMatch(ConntrackStatus.Expected) },
        new object[] { "-A INPUT -m conntrack ! --ctstatus SEEN_REPLY,ASSURED", new ConntrackStatusMatch(ConntrackStatus.SeenReply | ConntrackStatus.Assured, true) },
        new object[] { "-A INPUT -m conntrack --ctstatus CONFIRMED", new ConntrackStatusMatch(ConntrackStatus.Confirmed) },
        new object[] { "-A INPUT -m conntrack --ctdir ORIGINAL", new ConntrackDirectionMatch(ConntrackTuple.Original) },
        new object[] { "-A INPUT -m conntrack --ctdir REPLY", new ConntrackDirectionMatch(ConntrackTuple.Reply) },
        new object[] { "-A INPUT -m conntrack --ctexpire 0", new ConntrackExpireMatch(0, 0) },
        new object[] { "-A INPUT -m conntrack --ctexpire 0:4294967295", new ConntrackExpireMatch(0, uint.MaxValue) },
        new object[] { "-A INPUT -m conntrack ! --ctexpire 10:20", new ConntrackExpireMatch(10, 20, true) },
    };

    [TestCaseSource(nameof(Lines))]
    public void The_importer_reads_the_t_corpus_spellings_and_the_back_end_prints_them_back(string line, Match expected)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, Line7, IpFamily.IPv4);

        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        Assert.That(parsed.Rule!.Matches.Single(), Is.EqualTo(expected));
        var compiled = PolicyCompiler.Compile(Policy("ct-status", Table(TableKind.Filter, Builtin(Hook.Input, parsed.Rule))));
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        Assert.That(compiled.Rulesets.First().Text, Does.Contain("\n" + line + "\n"));
    }

    [TestCase("-A INPUT -m conntrack --ctexpire 3:3", "-m conntrack --ctexpire 3\n")]
    public void A_range_of_one_second_prints_as_iptables_save_does(string line, string printed)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, Line7, IpFamily.IPv4);
        var compiled = PolicyCompiler.Compile(Policy("ct-status", Table(TableKind.Filter, Builtin(Hook.Input, parsed.Rule!))));
        Assert.That(compiled.Rulesets.First().Text, Does.Contain(printed));
    }

    [TestCase("-A INPUT -m conntrack --ctstatus wrong")]
    [TestCase("-A INPUT -m conntrack --ctexpire 42949672956")]
    [TestCase("-A INPUT -m conntrack --ctexpire -1")]
    [TestCase("-A INPUT -m conntrack --ctexpire 4:3")]
    [TestCase("-A INPUT -m conntrack --ctdir SIDEWAYS")]
    [TestCase("-A INPUT -m conntrack ! --ctdir REPLY")]
    public void The_importer_refuses_what_iptables_refuses(string line)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, Line7, IpFamily.IPv4);

        Assert.That(parsed.Rule, Is.Null);
        Assert.That(parsed.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "RL0203" }), () => string.Join("\n", parsed.Diagnostics));
    }

    [Test]
    public void Nft_says_each_in_its_own_words()
    {
        var policy = Policy("ct-status", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(Accept, new ConntrackStatusMatch(ConntrackStatus.Assured | ConntrackStatus.Confirmed)),
            Rule(Accept, new ConntrackStatusMatch(ConntrackStatus.Expected | ConntrackStatus.SeenReply, true)),
            Rule(Accept, new ConntrackDirectionMatch(ConntrackTuple.Reply)),
            Rule(Accept, new ConntrackExpireMatch(3, 3)),
            Rule(Accept, new ConntrackExpireMatch(10, 20, true)),
            Rule(Accept, new ConntrackExpireMatch(61, uint.MaxValue)))));
        var compiled = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));

        Assert.That(compiled.Rulesets.Single().Text, Does.Contain(
            "\t\tct status assured,confirmed accept\n\t\tct status ! expected,seen-reply accept\n\t\tct direction reply accept\n" +
            "\t\tct expiration 3000ms-3999ms accept\n\t\tct expiration != 10000ms-20999ms accept\n\t\tct expiration >= 61000ms accept\n"));
    }

    [Test]
    public void Nft_refuses_ctstatus_NONE()
    {
        var policy = Policy("ct-status", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Accept, new ConntrackStatusMatch(ConntrackStatus.None)))));
        var compiled = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });
        Assert.That(compiled.Diagnostics.Where(d => d.IsError).Select(d => d.Id), Is.EqualTo(new[] { "RL3101" }));
    }

    [Test]
    public void The_rl_text_and_the_source_writers_keep_them()
    {
        const string text = "policy ct-status\n\ntable filter {\n    chain INPUT {\n" +
            "        ct status != assured,seen-reply ct direction original accept\n" +
            "        ct status none ct expiration 10-20 accept\n" +
            "        ct direction reply ct expiration != 5 drop\n    }\n}\n";
        var parsed = RlParser.Parse(text, "s.rl");
        Assert.That(parsed.Diagnostics.Where(d => d.IsError), Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        var rules = parsed.Policy!.FindTable(TableKind.Filter)!.FindChain("INPUT")!.Rules;
        Assert.That(rules.SelectMany(r => r.Matches), Is.EqualTo(new Match[]
        {
            new ConntrackStatusMatch(ConntrackStatus.Assured | ConntrackStatus.SeenReply, true), new ConntrackDirectionMatch(ConntrackTuple.Original),
            new ConntrackStatusMatch(ConntrackStatus.None), new ConntrackExpireMatch(10, 20),
            new ConntrackDirectionMatch(ConntrackTuple.Reply), new ConntrackExpireMatch(5, 5, true),
        }));

        var rl = RlSourceWriter.Write(parsed.Policy);
        Assert.That(rl.HasErrors, Is.False, () => string.Join("\n", rl.Diagnostics));
        var again = RlParser.Parse(rl.Text, "again.rl");
        Assert.That(again.Policy!.FindTable(TableKind.Filter)!.FindChain("INPUT")!.Rules.SelectMany(r => r.Matches), Is.EqualTo(rules.SelectMany(r => r.Matches)));

        var cs = CSharpSourceWriter.Write(parsed.Policy, "Site", "Policies");
        Assert.That(cs.HasErrors, Is.False, () => string.Join("\n", cs.Diagnostics));
        Assert.That(cs.Text, Does.Contain("ConnectionStatus(ConntrackStatus.SeenReply | ConntrackStatus.Assured, not: true)")
            .And.Contain("OriginalDirection()").And.Contain("ConnectionExpires(10, 20)").And.Contain("ReplyDirection()").And.Contain("ConnectionExpires(5, not: true)"));
    }

    [Test]
    public void The_trace_takes_the_original_direction_and_assumes_status_and_expiry()
    {
        var policy = Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Input, Verdict.Drop,
            Trace.TraceModel.Rule(VerdictTarget.Drop, new ConntrackDirectionMatch(ConntrackTuple.Reply)),
            Trace.TraceModel.Rule(VerdictTarget.Accept, new ConntrackDirectionMatch(ConntrackTuple.Original), new ConntrackStatusMatch(ConntrackStatus.Assured), new ConntrackExpireMatch(0, 10)))));

        var result = Trace.TraceModel.TraceOf(policy, "tcp 192.168.1.5:40000 -> 10.0.0.2:22 iif eth0", new TraceOptions { LocalAddresses = new[] { "10.0.0.2" } });

        Assert.That(Trace.TraceModel.Only(result).Verdict, Is.EqualTo(TraceVerdict.Accepted));
        Assert.That(string.Join("\n", result.Assumptions), Does.Contain("--ctstatus and --ctexpire are assumed"));
    }
}
