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

/// <summary>-j CT --helper / --zone through the importer, the checker, both back ends, the .rl text, the source writers and the trace.</summary>
public class CtTargetTests
{
    private static readonly SourceLocation Line7 = new("rules.v4", 7, 1);

    private static Policy Raw(params Chain[] chains) => Policy("ct-test", Table(TableKind.Raw, chains));

    [TestCase("-A PREROUTING -p tcp -m tcp --dport 21 -j CT --helper ftp", "ftp", null, ConntrackZoneDirection.Both)]
    [TestCase("-A PREROUTING -j CT --zone 5", null, 5, ConntrackZoneDirection.Both)]
    [TestCase("-A PREROUTING -j CT --zone-orig 6", null, 6, ConntrackZoneDirection.Original)]
    [TestCase("-A PREROUTING -j CT --zone-reply 7", null, 7, ConntrackZoneDirection.Reply)]
    [TestCase("-A PREROUTING -p tcp -j CT --helper ftp --zone 3", "ftp", 3, ConntrackZoneDirection.Both)]
    [TestCase("-A OUTPUT -p udp -m udp --dport 69 -j CT --helper tftp", "tftp", null, ConntrackZoneDirection.Both)]
    public void The_importer_reads_what_iptables_save_prints_and_the_back_end_prints_it_back(string line, string? helper, int? zone, ConntrackZoneDirection direction)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Raw, Line7, IpFamily.IPv4);

        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        Assert.That(parsed.Rule!.Target, Is.EqualTo(new CtTarget(helper, zone, direction)));
        var hook = line.Contains("OUTPUT") ? Hook.Output : Hook.Prerouting;
        var compiled = PolicyCompiler.Compile(Raw(Builtin(hook, parsed.Rule)));
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        Assert.That(compiled.Rulesets.First().Text, Does.Contain("\n" + line + "\n"));
    }

    [TestCase("-A PREROUTING -j CT --notrack --zone 4", "RL0201")]
    [TestCase("-A PREROUTING -j CT --zone 65536", "RL0203")]
    [TestCase("-A PREROUTING -j CT --zone mark", "RL0203")]
    [TestCase("-A PREROUTING -j CT --ctevents new", "RL0201")]
    [TestCase("-A PREROUTING -j CT", "RL0202")]
    public void The_importer_refuses_what_the_model_cannot_hold(string line, string id)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Raw, Line7, IpFamily.IPv4);

        Assert.That(parsed.Rule, Is.Null);
        Assert.That(parsed.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { id }), () => string.Join("\n", parsed.Diagnostics));
    }

    [Test]
    public void The_checker_accepts_every_known_helper_under_its_protocol()
    {
        foreach (var helper in ConntrackHelpers.All)
        {
            foreach (var protocol in helper.Protocols)
            {
                var policy = Raw(Builtin(Hook.Prerouting, Rule(new CtTarget(helper.Name), Proto(protocol))));
                Assert.That(PolicyChecker.Check(policy).Where(d => d.IsError), Is.Empty, $"{helper.Name} under {protocol}");
            }
        }
    }

    [TestCase(TableKind.Filter, Hook.Input, "ftp", null, Protocol.Tcp, "RL2101")]
    [TestCase(TableKind.Mangle, Hook.Prerouting, null, 3, Protocol.All, "RL2101")]
    [TestCase(TableKind.Raw, Hook.Prerouting, "nosuch", null, Protocol.Tcp, "RL2120")]
    [TestCase(TableKind.Raw, Hook.Prerouting, "FTP", null, Protocol.Tcp, "RL2120")]
    [TestCase(TableKind.Raw, Hook.Prerouting, "ftp", null, Protocol.Udp, "RL2121")]
    [TestCase(TableKind.Raw, Hook.Prerouting, "ftp", null, Protocol.All, "RL2121")]
    [TestCase(TableKind.Raw, Hook.Prerouting, "tftp", null, Protocol.Tcp, "RL2121")]
    [TestCase(TableKind.Raw, Hook.Output, null, 0, Protocol.All, "RL0111")]
    [TestCase(TableKind.Raw, Hook.Output, null, 65536, Protocol.All, "RL0111")]
    [TestCase(TableKind.Raw, Hook.Output, null, null, Protocol.All, "RL2122")]
    public void The_checker_refuses_what_the_kernel_refuses(TableKind table, Hook hook, string? helper, int? zone, Protocol protocol, string id)
    {
        var matches = protocol == Protocol.All ? System.Array.Empty<Match>() : new Match[] { Proto(protocol) };
        var policy = Policy("ct-test", Table(table, Builtin(hook, Rule(new CtTarget(helper, zone), matches))));

        var errors = PolicyChecker.Check(policy).Where(d => d.IsError).Select(d => d.Id).ToArray();

        Assert.That(errors, Is.EqualTo(new[] { id }));
    }

    [Test]
    public void An_ipv4_only_helper_ties_its_rule_to_ipv4()
    {
        var v6 = Raw(Builtin(Hook.Prerouting, Rule(new CtTarget("irc"), Proto(Protocol.Tcp), Src("2001:db8::/64"))));
        Assert.That(PolicyChecker.Check(v6).Where(d => d.IsError).Select(d => d.Id), Is.EqualTo(new[] { "RL0109" }));

        var neutral = PolicyCompiler.Compile(Raw(Builtin(Hook.Prerouting, Rule(new CtTarget("irc"), Proto(Protocol.Tcp)))));
        Assert.That(neutral.Succeeded, Is.True, () => string.Join("\n", neutral.Diagnostics));
        Assert.That(neutral.Rulesets.Where(r => r.Text.Contains("--helper irc")).Select(r => r.Format), Is.EqualTo(new[] { RulesetFormat.Iptables }));
    }

    [Test]
    public void Nft_sets_a_zone_at_raw_and_moves_helper_rules_after_conntrack()
    {
        var policy = Raw(
            Builtin(Hook.Prerouting,
                Rule(new CtTarget("ftp"), Proto(Protocol.Tcp), Dport(21)),
                Rule(new CtTarget("sip"), Proto(Protocol.Udp), Dport(5060)),
                Rule(Accept, Proto(Protocol.Udp), Dport(53))),
            Builtin(Hook.Output));
        var compiled = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));
        string text = compiled.Rulesets.Single().Text;

        Assert.That(text, Does.Contain("\tct helper ftp-tcp {\n\t\ttype \"ftp\" protocol tcp\n\t\tl3proto inet\n\t}\n\n\tct helper sip-udp {\n"));
        Assert.That(text, Does.Contain("\tchain raw_PREROUTING {\n\t\ttype filter hook prerouting priority raw; policy accept;\n\t\tudp dport 53 accept\n\t}\n"));
        Assert.That(text, Does.Contain("\tchain raw_PREROUTING_helpers {\n\t\ttype filter hook prerouting priority -199; policy accept;\n" +
            "\t\ttcp dport 21 ct helper set \"ftp-tcp\"\n\t\tudp dport 5060 ct helper set \"sip-udp\"\n\t}\n"));

        var zones = Raw(Builtin(Hook.Prerouting,
            Rule(new CtTarget(Zone: 1), In("eth1")), Rule(new CtTarget(Zone: 3, ZoneDirection: ConntrackZoneDirection.Original)),
            Rule(new CtTarget(Zone: 4, ZoneDirection: ConntrackZoneDirection.Reply))));
        string zoneText = PolicyCompiler.Compile(zones, new[] { RulesetFormat.Nft }).Rulesets.Single().Text;
        Assert.That(zoneText, Does.Contain("\t\tiifname \"eth1\" ct zone set 1\n\t\tct original zone set 3\n\t\tct reply zone set 4\n"));
        Assert.That(zoneText, Does.Not.Contain("ct helper"));
    }

    [TestCase(1, "follows a rule of another kind")]
    [TestCase(2, "raw also has -j CT")]
    [TestCase(3, "user chain HELPERS")]
    [TestCase(4, "sets a zone before conntrack")]
    [TestCase(5, "a conntrack match sees none")]
    public void Nft_refuses_a_helper_rule_whose_move_would_change_its_meaning(int variant, string words)
    {
        var helper = Rule(new CtTarget("ftp"), Proto(Protocol.Tcp), Dport(21));
        Chain[] chains = variant switch
        {
            1 => new[] { Builtin(Hook.Prerouting, Rule(Accept, Proto(Protocol.Udp)), helper) },
            2 => new[] { Builtin(Hook.Prerouting, helper, Rule(NotrackTarget.Instance, Proto(Protocol.Udp))) },
            3 => new[] { Builtin(Hook.Prerouting, Rule(new JumpTarget("HELPERS"))), User("HELPERS", helper) },
            4 => new[] { Builtin(Hook.Prerouting, Rule(new CtTarget("ftp", 2), Proto(Protocol.Tcp))) },
            _ => new[] { Builtin(Hook.Prerouting, Rule(new CtTarget("ftp"), Proto(Protocol.Tcp), State(ConntrackStates.New))) },
        };
        var compiled = PolicyCompiler.Compile(Raw(chains), new[] { RulesetFormat.Nft });

        var errors = compiled.Diagnostics.Where(d => d.IsError).ToArray();
        Assert.That(errors.Select(d => d.Id), Is.EqualTo(new[] { "RL3101" }), () => string.Join("\n", errors.Select(d => d.ToString())));
        Assert.That(errors[0].Message, Does.Contain(words));
        Assert.That(compiled.Rulesets, Is.Empty);
        Assert.That(PolicyCompiler.Compile(Raw(chains)).Succeeded, Is.True, "iptables says it as written");
    }

    private const string RlText = "policy ct-test\n\ntable raw {\n    chain PREROUTING {\n" +
        "        tcp dport 21 ct helper set \"ftp\"\n" +
        "        udp dport 5060 ct helper set \"sip\" reply zone set 2\n" +
        "        ct original saddr 10.0.0.1 ct zone set 1\n" +
        "        ct original zone set 3\n" +
        "    }\n}\n";

    [Test]
    public void The_rl_text_reads_the_ct_actions_beside_the_ct_matches_and_writes_them_back()
    {
        var parsed = RlParser.Parse(RlText, "ct.rl");
        Assert.That(parsed.Diagnostics.Where(d => d.IsError), Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        var rules = parsed.Policy!.FindTable(TableKind.Raw)!.FindChain("PREROUTING")!.Rules;
        Assert.That(rules.Select(r => r.Target), Is.EqualTo(new Target[]
        {
            new CtTarget("ftp"), new CtTarget("sip", 2, ConntrackZoneDirection.Reply), new CtTarget(Zone: 1), new CtTarget(Zone: 3, ZoneDirection: ConntrackZoneDirection.Original),
        }));
        Assert.That(rules[2].Matches.OfType<ConntrackAddressMatch>().Single().Address, Is.EqualTo("10.0.0.1"));

        var written = RlSourceWriter.Write(parsed.Policy);
        Assert.That(written.HasErrors, Is.False, () => string.Join("\n", written.Diagnostics));
        Assert.That(written.Text, Does.Contain("ct helper set \"ftp\"").And.Contain("ct helper set \"sip\" reply zone set 2").And.Contain("ct zone set 1").And.Contain("ct original zone set 3"));
        var again = RlParser.Parse(written.Text, "again.rl");
        Assert.That(again.Policy!.FindTable(TableKind.Raw)!.FindChain("PREROUTING")!.Rules.Select(r => r.Target), Is.EqualTo(rules.Select(r => r.Target)));
    }

    [Test]
    public void The_csharp_writer_calls_the_raw_only_methods()
    {
        var policy = Raw(Builtin(Hook.Prerouting,
            Rule(new CtTarget("ftp"), Proto(Protocol.Tcp), Dport(21)),
            Rule(new CtTarget(Zone: 7, ZoneDirection: ConntrackZoneDirection.Reply)),
            Rule(new CtTarget("sip", 2), Proto(Protocol.Udp))));

        var written = CSharpSourceWriter.Write(policy, "Site", "Policies");

        Assert.That(written.HasErrors, Is.False, () => string.Join("\n", written.Diagnostics));
        Assert.That(written.Text, Does.Contain(".Helper(\"ftp\");").And.Contain(".Zone(7, ConntrackZoneDirection.Reply);").And.Contain(".Ct(\"sip\", 2);"));
    }

    [Test]
    public void The_trace_keeps_the_first_ct_target_a_packet_meets_as_the_kernel_does()
    {
        var policy = Trace.TraceModel.Policy(
            Trace.TraceModel.Table(TableKind.Raw, Trace.TraceModel.Builtin(Hook.Prerouting,
                Trace.TraceModel.Rule(new CtTarget(Zone: 5), new ProtocolMatch(Protocol.Udp)),
                Trace.TraceModel.Rule(NotrackTarget.Instance, new ProtocolMatch(Protocol.Udp)))),
            Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Input, Verdict.Drop,
                Trace.TraceModel.Rule(VerdictTarget.Accept, new ConntrackMatch(ConntrackStates.New)))));

        var result = Trace.TraceModel.TraceOf(policy, "udp 192.168.1.5:40000 -> 10.0.0.2:53 iif eth0",
            new TraceOptions { LocalAddresses = new[] { "10.0.0.2" } });

        Assert.That(Trace.TraceModel.Only(result).Verdict, Is.EqualTo(TraceVerdict.Accepted), "the zone's template wins: CT --notrack after it does nothing, so the packet is NEW");
        var actions = result.Paths[0].Steps.Select(s => s.Action).ToArray();
        Assert.That(actions, Does.Contain("CT --zone 5: a new connection gets this template"));
        Assert.That(actions, Does.Contain("CT --notrack: no effect, the packet's connection is already known"));
    }
}
