using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Backends.Iptables;
using RuleLang.Checker;
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

/// <summary>-m physdev through the importer, the checker, both back ends, the .rl text, the source writers and the trace.</summary>
public class PhysdevTests
{
    private static readonly SourceLocation Line7 = new("rules.v4", 7, 1);

    // libxt_physdev's print order, whatever order the options came in (Docker's and libvirt's lines among them).
    [TestCase("-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT", "-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT")]
    [TestCase("-A FORWARD -m physdev --physdev-is-bridged --physdev-out veth+ ! --physdev-in eth1 --physdev-is-in ! --physdev-is-out -j ACCEPT",
        "-A FORWARD -m physdev --physdev-is-in ! --physdev-in eth1 ! --physdev-is-out --physdev-out veth+ --physdev-is-bridged -j ACCEPT")]
    [TestCase("-A FORWARD -m physdev ! --physdev-is-bridged -j DROP", "-A FORWARD -m physdev ! --physdev-is-bridged -j DROP")]
    public void The_importer_reads_physdev_and_the_formatter_prints_it_as_iptables_save_does(string line, string saved)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, Line7, IpFamily.IPv4);

        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        Assert.That(new RuleFormatter(IpFamily.IPv4).Format("FORWARD", parsed.Rule!), Is.EqualTo(saved));
    }

    [Test]
    public void The_importer_refuses_physdev_without_options()
    {
        var parsed = IptablesRuleParser.ParseRule("-A FORWARD -m physdev -j ACCEPT", TableKind.Filter, Line7, IpFamily.IPv4);

        Assert.That(parsed.Rule, Is.Null);
        Assert.That(parsed.Diagnostics.Select(d => $"{d.Id}@{d.Location.Column}"), Is.EqualTo(new[] { "RL0203@15" }), () => string.Join("\n", parsed.Diagnostics));
    }

    // Proved in PhysdevKernelTests: only OUTPUT refuses an output-port test, and not beside --physdev-is-bridged.
    [TestCase(Hook.Output, false, false)]
    [TestCase(Hook.Output, true, true)]
    [TestCase(Hook.Forward, false, true)]
    [TestCase(Hook.Input, false, true)]
    public void The_checker_refuses_an_output_port_test_in_output_unless_bridged(Hook hook, bool bridged, bool allowed)
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(hook, Rule(Accept, new PhysdevMatch(Out: new BridgePort("eth0"), IsBridged: bridged ? true : null)))));

        var errors = PolicyChecker.Check(policy).Where(d => d.IsError).ToArray();

        Assert.That(errors.Select(d => d.Id), allowed ? Is.Empty : Is.EqualTo(new[] { "RL2132" }), () => string.Join("\n", errors.Select(e => e.ToString())));
    }

    [Test]
    public void The_checker_follows_jumps_from_output()
    {
        var policy = Policy("p", Table(TableKind.Filter,
            Builtin(Hook.Output, Rule(Jump("BR"))),
            User("BR", Rule(Drop, new PhysdevMatch(IsOut: true)))));

        var error = PolicyChecker.Check(policy).Single(d => d.IsError);

        Assert.That(error.Message, Does.StartWith("-m physdev --physdev-is-out cannot be used in filter OUTPUT (reached by OUTPUT → BR)"));
    }

    [Test]
    public void The_checker_refuses_physdev_without_a_test_and_a_bad_port_name()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Forward,
            Rule(Accept, new PhysdevMatch()),
            Rule(Accept, new PhysdevMatch(In: new BridgePort("a very long name"))))));

        Assert.That(PolicyChecker.Check(policy).Where(d => d.IsError).Select(d => d.Id), Is.EqualTo(new[] { "RL0111", "RL0105" }));
    }

    [Test]
    public void Nft_refuses_physdev_and_iptables_writes_it()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Forward, Rule(Accept, new PhysdevMatch(IsBridged: true)))));

        var nft = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });

        Assert.That(nft.Diagnostics.Where(d => d.IsError).Select(d => d.Id), Is.EqualTo(new[] { "RL3101" }));
        Assert.That(nft.Diagnostics.Single(d => d.IsError).Message, Does.Contain("bridge port"));
        Assert.That(PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables }).Rulesets.Single(r => r.Format == RulesetFormat.Iptables).Text,
            Does.Contain("-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT"));
    }

    [Test]
    public void Rl_reads_and_writes_physdev_and_csharp_writes_it()
    {
        const string text = "policy p\ntable filter {\n    chain FORWARD {\n"
            + "        physdev in veth+ out eth0 is-bridged accept\n"
            + "        physdev != is-in out != eth1 drop\n"
            + "        physdev is-in in != docker0 is-out != is-bridged accept\n"
            + "    }\n}\n";
        var parsed = RlParser.Parse(text, "main.rl");
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        var rules = Forward(parsed.Policy!);
        Assert.That(rules.Select(r => r.Matches.OfType<PhysdevMatch>().Single()), Is.EqualTo(new[]
        {
            new PhysdevMatch(In: "veth+", Out: "eth0", IsBridged: true),
            new PhysdevMatch(Out: BridgePort.Not("eth1"), IsIn: false),
            new PhysdevMatch(In: BridgePort.Not("docker0"), IsIn: true, IsOut: true, IsBridged: false),
        }));

        var written = RlSourceWriter.Write(parsed.Policy!, new SourceWriterOptions());
        Assert.That(written.Diagnostics, Is.Empty, () => string.Join("\n", written.Diagnostics));
        Assert.That(written.Text, Does.Contain("physdev is-in in != docker0 is-out != is-bridged accept"));
        var reread = Forward(RlParser.Parse(written.Text, "again.rl").Policy!);
        Assert.That(reread.Select(r => r.Matches.Select(m => m with { Location = null })), Is.EqualTo(rules.Select(r => r.Matches.Select(m => m with { Location = null }))));

        string csharp = CSharpSourceWriter.Write(parsed.Policy!, "Policies", "P", new SourceWriterOptions()).Text;
        Assert.That(csharp, Does.Contain(".PhysdevOut(outPort: \"eth0\", inPort: \"veth+\", isBridged: true).Accept()"));
        Assert.That(csharp, Does.Contain(".PhysdevOut(outPort: BridgePort.Not(\"eth1\"), isIn: false).Drop()"));
    }

    [TestCase(false, TraceVerdict.Accepted)]
    [TestCase(true, TraceVerdict.Dropped)]
    public void The_trace_takes_a_packet_as_routed_so_only_an_all_negated_test_matches(bool negated, TraceVerdict expected)
    {
        var policy = Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Forward, Verdict.Accept,
            Trace.TraceModel.Rule(VerdictTarget.Drop, new PhysdevMatch(IsBridged: !negated)))));

        var outcome = Trace.TraceModel.Only(Trace.TraceModel.TraceOf(policy, "tcp 192.0.2.7:40000 -> 198.51.100.9:80 iif eth0 oif eth1",
            new TraceOptions { LocalAddresses = new[] { "10.0.0.1" } }));

        Assert.That(outcome.Verdict, Is.EqualTo(expected));
    }

    private static Rule[] Forward(Policy policy) =>
        policy.Tables.Single().Chains.Single(c => c.Hook == Hook.Forward).Rules.ToArray();
}
