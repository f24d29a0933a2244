using System.Linq;
using NUnit.Framework;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.SourceWriters;
using RuleLang.Text;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Targets;

/// <summary>LOG --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode through every layer.</summary>
public class LogFlagsTests
{
    private static readonly SourceLocation Line7 = new("rules.v4", 7, 1);

    [TestCase("-A INPUT -j LOG --log-prefix \"x: \" --log-level 1 --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode", LogFlags.All)]
    [TestCase("-A INPUT -j LOG --log-uid", LogFlags.Uid)]
    [TestCase("-A INPUT -j LOG --log-macdecode --log-tcp-sequence", LogFlags.MacDecode | LogFlags.TcpSequence)]
    [TestCase("-A INPUT -j LOG --log-prefix \"test: \" --log-ip-options", LogFlags.IpOptions)]
    public void The_importer_reads_each_flag(string line, LogFlags expected)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, Line7, IpFamily.IPv4);

        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        Assert.That(((LogTarget)parsed.Rule!.Target).Flags, Is.EqualTo(expected));
    }

    [Test]
    public void Flags_take_part_in_equality()
    {
        Assert.That(new LogTarget("a") { Flags = LogFlags.Uid }, Is.Not.EqualTo(new LogTarget("a")));
        Assert.That(new LogTarget("a") { Flags = LogFlags.Uid }, Is.EqualTo(new LogTarget("a") { Flags = LogFlags.Uid }));
    }

    [Test]
    public void Both_back_ends_print_the_flags_as_their_tools_list_them()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input,
            Rule(new LogTarget("x: ", 1) { Flags = LogFlags.All }),
            Rule(new LogTarget() { Flags = LogFlags.MacDecode | LogFlags.TcpSequence }),
            Rule(new LogTarget() { Flags = LogFlags.Uid | LogFlags.IpOptions | LogFlags.TcpOptions }))));
        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables, RulesetFormat.Nft });
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        string v4 = result.Rulesets.Single(r => r.Format == RulesetFormat.Iptables).Text;
        string nft = result.Rulesets.Single(r => r.Format == RulesetFormat.Nft).Text;

        Assert.Multiple(() =>
        {
            Assert.That(v4, Does.Contain("-A INPUT -j LOG --log-prefix \"x: \" --log-level 1 --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode\n"));
            Assert.That(v4, Does.Contain("-A INPUT -j LOG --log-tcp-sequence --log-macdecode\n"));
            Assert.That(v4, Does.Contain("-A INPUT -j LOG --log-tcp-options --log-ip-options --log-uid\n"));
            Assert.That(nft, Does.Contain("\tlog prefix \"x: \" level alert flags all\n"));
            Assert.That(nft, Does.Contain("\tlog flags tcp sequence flags ether\n"));
            Assert.That(nft, Does.Contain("\tlog flags tcp options flags ip options flags skuid\n"));
        });
    }

    [Test]
    public void Rl_reads_and_writes_the_flags_and_the_csharp_writer_passes_them()
    {
        const string text = "policy p\ntable filter {\n    chain INPUT {\n"
            + "        log prefix \"in: \" flags tcp-sequence,uid\n"
            + "        log level 1 flags all\n"
            + "        log\n"
            + "    }\n}\n";
        var parsed = RlParser.Parse(text, "main.rl");
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        var flags = parsed.Policy!.Tables.Single().FindChain("INPUT")!.Rules.Select(r => ((LogTarget)r.Target).Flags).ToArray();
        Assert.That(flags, Is.EqualTo(new[] { LogFlags.TcpSequence | LogFlags.Uid, LogFlags.All, LogFlags.None }));

        string written = RlSourceWriter.Write(parsed.Policy!, new SourceWriterOptions()).Text;
        Assert.That(written, Does.Contain("log prefix \"in: \" flags tcp-sequence,uid\n").And.Contain("log level 1 flags all\n"));

        string csharp = CSharpSourceWriter.Write(parsed.Policy!, "Policies", "P", new SourceWriterOptions()).Text;
        Assert.That(csharp, Does.Contain("Log(\"in: \", flags: LogFlags.TcpSequence | LogFlags.Uid)"));
    }

    [Test]
    public void Rl_refuses_an_unknown_flag()
    {
        var parsed = RlParser.Parse("policy p\ntable filter {\n    chain INPUT {\n        log flags bogus\n    }\n}\n", "main.rl");
        Assert.That(parsed.Diagnostics.Select(d => d.Id), Does.Contain("RL0401"));
    }
}
