using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Checker;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.SourceWriters;
using RuleLang.Text;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Targets;

/// <summary>-j TCPMSS through the importer, the checker, both back ends, the .rl and C# writers and the trace.</summary>
public class TcpMssTargetTests
{
    private static readonly SourceLocation Line7 = new("rules.v4", 7, 1);

    [TestCase("-A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu", null)]
    [TestCase("-A FORWARD -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 1400", 1400)]
    [TestCase("-A FORWARD -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 0", 0)]
    [TestCase("-A FORWARD -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 65515", 65515)]
    public void The_importer_reads_what_iptables_save_prints(string line, int? mss)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Mangle, Line7, IpFamily.IPv4);

        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        Assert.That(parsed.Rule!.Target, Is.EqualTo(new TcpMssTarget(mss)));
        Assert.That(((TcpMssTarget)parsed.Rule.Target).Mss, Is.EqualTo(mss));
    }

    // iptables itself: "TCPMSS target: At least one parameter is required", "out of range (0-65515)".
    [TestCase("-A FORWARD -p tcp --syn -j TCPMSS", "RL0203")]
    [TestCase("-A FORWARD -p tcp --syn -j TCPMSS --set-mss 65516", "RL0203")]
    [TestCase("-A FORWARD -p tcp --syn -j TCPMSS --set-mss 0x10", "RL0203")]
    [TestCase("-A FORWARD -p tcp --syn -j TCPMSS --set-mss 1400 --clamp-mss-to-pmtu", "RL0203")]
    public void The_importer_refuses_what_iptables_refuses_or_cannot_mean_one_thing(string line, string id)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Mangle, Line7, IpFamily.IPv4);

        Assert.That(parsed.Rule, Is.Null);
        Assert.That(parsed.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { id }), () => string.Join("\n", parsed.Diagnostics));
    }

    private static PolicyDiagnostic[] Errors(Hook hook, Target target, params Match[] matches) =>
        PolicyChecker.Check(Policy("p", Table(TableKind.Mangle, Builtin(hook, Rule(target, matches)))))
            .Where(d => d.Severity == Severity.Error).ToArray();

    [Test]
    public void The_checker_accepts_a_syn_rule_where_the_kernel_does()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors(Hook.Forward, new TcpMssTarget(), Proto(Protocol.Tcp), TcpFlagsMatch.Syn()), Is.Empty);
            Assert.That(Errors(Hook.Postrouting, new TcpMssTarget(), Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.Syn | TcpFlags.Rst, TcpFlags.Syn)), Is.Empty);
            Assert.That(Errors(Hook.Prerouting, new TcpMssTarget(1400), Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.Syn | TcpFlags.Rst, TcpFlags.Syn | TcpFlags.Rst)), Is.Empty);
            Assert.That(Errors(Hook.Input, new TcpMssTarget(TcpMssTarget.MaxIpv6Mss), Proto(Protocol.Tcp), TcpFlagsMatch.Syn()), Is.Empty);
            Assert.That(Errors(Hook.Input, new TcpMssTarget(TcpMssTarget.MaxIpv4Mss), Proto(Protocol.Tcp), TcpFlagsMatch.Syn(), Src("10.0.0.0/8")), Is.Empty);
        });
    }

    // Each proven by loading in a namespace (TcpMssKernelTests): iptables-restore says "Invalid argument", and the
    // kernel log "Only works on TCP SYN packets" (legacy) or "path-MTU clamping only supported in FORWARD, OUTPUT and
    // POSTROUTING hooks".
    [TestCase(Hook.Forward, null, "RL1232", "its protocol is")]
    [TestCase(Hook.Forward, "tcp", "RL1232", "no --syn or --tcp-flags")]
    [TestCase(Hook.Forward, "! syn", "RL1232", "no --syn or --tcp-flags")]
    [TestCase(Hook.Forward, "ack", "RL1232", "no --syn or --tcp-flags")]
    [TestCase(Hook.Prerouting, "syn", "RL2102", "FORWARD, OUTPUT or POSTROUTING")]
    [TestCase(Hook.Input, "syn", "RL2102", "FORWARD, OUTPUT or POSTROUTING")]
    public void The_checker_refuses_clamping_the_kernel_refuses(Hook hook, string? shape, string id, string words)
    {
        var matches = shape switch
        {
            null => new Match[] { TcpFlagsMatch.Syn() },
            "tcp" => new Match[] { Proto(Protocol.Tcp) },
            "! syn" => new Match[] { Proto(Protocol.Tcp), TcpFlagsMatch.Syn(negated: true) },
            "ack" => new Match[] { Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.Syn | TcpFlags.Ack, TcpFlags.Ack) },
            _ => new Match[] { Proto(Protocol.Tcp), TcpFlagsMatch.Syn() },
        };
        var errors = Errors(hook, new TcpMssTarget(), matches);

        Assert.That(errors.Select(d => d.Id), Does.Contain(id), () => string.Join("\n", errors.Select(d => d.ToString())));
        Assert.That(errors.First(d => d.Id == id).Message, Does.Contain(words));
    }

    [Test]
    public void The_checker_holds_a_rule_of_both_families_to_the_ipv6_limit()
    {
        var neutral = Errors(Hook.Forward, new TcpMssTarget(65500), Proto(Protocol.Tcp), TcpFlagsMatch.Syn());
        var ipv4 = Errors(Hook.Forward, new TcpMssTarget(65500), Proto(Protocol.Tcp), TcpFlagsMatch.Syn(), Dst("192.0.2.0/24"));
        var negative = Errors(Hook.Forward, new TcpMssTarget(-1), Proto(Protocol.Tcp), TcpFlagsMatch.Syn());

        Assert.That(neutral.Select(d => d.Id), Is.EqualTo(new[] { "RL0111" }));
        Assert.That(neutral[0].Message, Does.Contain("0 to 65495"));
        Assert.That(ipv4, Is.Empty);
        Assert.That(negative.Select(d => d.Id), Is.EqualTo(new[] { "RL0111" }));
    }

    private static readonly Policy Clamping = Policy("mss",
        Table(TableKind.Mangle,
            Builtin(Hook.Forward, Rule(new TcpMssTarget(), Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.Syn | TcpFlags.Rst, TcpFlags.Syn))),
            Builtin(Hook.Postrouting, Rule(new TcpMssTarget(1400), Proto(Protocol.Tcp), TcpFlagsMatch.Syn(), Out("ppp0")))));

    [Test]
    public void Both_back_ends_write_the_target_as_their_tools_print_it()
    {
        var result = PolicyCompiler.Compile(Clamping, new[] { RulesetFormat.Iptables, RulesetFormat.Nft });
        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        string v4 = result.Rulesets.First(r => r.Format == RulesetFormat.Iptables).Text;
        string nft = result.Rulesets.Single(r => r.Format == RulesetFormat.Nft).Text;

        Assert.That(v4, Does.Contain("-A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu\n"));
        Assert.That(v4, Does.Contain("-A POSTROUTING -o ppp0 -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j TCPMSS --set-mss 1400\n"));
        Assert.That(nft, Does.Contain("tcp option maxseg size set rt mtu\n"));
        Assert.That(nft, Does.Contain("tcp option maxseg size set 1400\n"));
    }

    [Test]
    public void Rl_reads_and_writes_both_forms_and_the_csharp_writer_calls_the_dsl()
    {
        const string text = "policy p\ntable mangle {\n    chain FORWARD {\n"
            + "        tcp flags syn,rst syn mss clamp-to-pmtu\n"
            + "        tcp syn mss set 1400\n"
            + "    }\n}\n";
        var parsed = RlParser.Parse(text, "main.rl");
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        var rules = parsed.Policy!.Tables.Single().FindChain("FORWARD")!.Rules;
        Assert.That(rules.Select(r => r.Target with { Location = null }), Is.EqualTo(new Target[] { new TcpMssTarget(), new TcpMssTarget(1400) }));

        var written = RlSourceWriter.Write(parsed.Policy!, new SourceWriterOptions());
        Assert.That(written.Text, Does.Contain("tcp flags syn,rst syn mss clamp-to-pmtu\n").And.Contain("tcp syn mss set 1400\n"));

        string csharp = CSharpSourceWriter.Write(parsed.Policy!, "Policies", "P", new SourceWriterOptions()).Text;
        Assert.That(csharp, Does.Contain(".Tcp().Flags(TcpFlags.Syn | TcpFlags.Rst, TcpFlags.Syn).ClampMssToPmtu();"));
        Assert.That(csharp, Does.Contain(".Tcp().Syn().SetMss(1400);"));
    }

    [Test]
    public void Rl_refuses_a_missing_mss()
    {
        var parsed = RlParser.Parse("policy p\ntable mangle {\n    chain FORWARD {\n        tcp syn mss set\n    }\n}\n", "main.rl");
        Assert.That(parsed.Diagnostics.Select(d => d.Id), Does.Contain("RL0401"));
    }

    [Test]
    public void The_trace_records_the_rewrite_and_goes_on()
    {
        var policy = Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Mangle, Trace.TraceModel.Builtin(Hook.Forward,
            Trace.TraceModel.Rule(new TcpMssTarget(), new ProtocolMatch(Protocol.Tcp), TcpFlagsMatch.Syn()),
            Trace.TraceModel.Rule(new TcpMssTarget(1400), new ProtocolMatch(Protocol.Tcp)))));

        var trace = Trace.TraceModel.TraceOf(policy, "tcp 192.168.1.5:40000 -> 10.0.0.9:22 iif eth0 oif eth1", new TraceOptions { LocalAddresses = new[] { "10.0.0.2" } });
        var actions = trace.Paths[0].Steps.Select(s => s.Action).ToArray();

        Assert.That(Trace.TraceModel.Only(trace).Verdict, Is.EqualTo(TraceVerdict.Accepted));
        Assert.That(actions, Does.Contain("TCPMSS --clamp-mss-to-pmtu: the SYN's MSS option is rewritten, goes on"));
        Assert.That(actions, Does.Contain("TCPMSS --set-mss 1400: the SYN's MSS option is rewritten, goes on"));
    }
}
