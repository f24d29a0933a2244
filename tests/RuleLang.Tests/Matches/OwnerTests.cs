using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Backends.Iptables;
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

namespace RuleLang.Tests.Matches;

/// <summary>-m owner through the importer, the checker, both back ends, the .rl text, the source writers and the trace.</summary>
public class OwnerTests
{
    private static readonly SourceLocation Line7 = new("rules.v4", 7, 1);

    // libxt_owner's order when it prints, whatever order the options came in; ids as xtables_strtoui reads them.
    [TestCase("-A OUTPUT -m owner --uid-owner 1000 -j ACCEPT", "-A OUTPUT -m owner --uid-owner 1000 -j ACCEPT")]
    [TestCase("-A OUTPUT -m owner --uid-owner 5-5 -j ACCEPT", "-A OUTPUT -m owner --uid-owner 5 -j ACCEPT")]
    [TestCase("-A OUTPUT -m owner ! --gid-owner 0x10 -j DROP", "-A OUTPUT -m owner ! --gid-owner 16 -j DROP")]
    [TestCase("-A OUTPUT -m owner --uid-owner 0-5 ! --gid-owner 3 --socket-exists -j ACCEPT", "-A OUTPUT -m owner --socket-exists --uid-owner 0-5 ! --gid-owner 3 -j ACCEPT")]
    [TestCase("-A OUTPUT -m owner ! --socket-exists -j ACCEPT", "-A OUTPUT -m owner ! --socket-exists -j ACCEPT")]
    [TestCase("-A OUTPUT -m owner --gid-owner 4294967294 -j ACCEPT", "-A OUTPUT -m owner --gid-owner 4294967294 -j ACCEPT")]
    public void The_importer_reads_owner_and_the_formatter_prints_it_as_iptables_save_does(string line, string saved)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, Line7, IpFamily.IPv4);

        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        Assert.That(new RuleFormatter(IpFamily.IPv4).Format("OUTPUT", parsed.Rule!), Is.EqualTo(saved));
    }

    [TestCase("-A OUTPUT -m owner --uid-owner root -j ACCEPT", "RL2131@32", "'root' is a user name")]
    [TestCase("-A OUTPUT -m owner --gid-owner nogroup -j ACCEPT", "RL2131@32", "getent group nogroup")]
    [TestCase("-A OUTPUT -m owner --uid-owner 4294967295 -j ACCEPT", "RL0203@32", "4294967294")]
    [TestCase("-A OUTPUT -m owner --uid-owner 1-2-3 -j ACCEPT", "RL0203@32", "two joined by '-'")]
    [TestCase("-A OUTPUT -m owner -j ACCEPT", "RL0203@14", "iptables refuses it")]
    [TestCase("-A OUTPUT -m owner --gid-owner 1 --suppl-groups -j ACCEPT", "RL0201@34", "supplementary groups")]
    public void The_importer_refuses_what_it_cannot_hold_at_the_value(string line, string expected, string words)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, Line7, IpFamily.IPv4);

        Assert.That(parsed.Rule, Is.Null);
        Assert.That(parsed.Diagnostics.Select(d => $"{d.Id}@{d.Location.Column}"), Is.EqualTo(new[] { expected }), () => string.Join("\n", parsed.Diagnostics));
        Assert.That(parsed.Diagnostics[0].Message, Does.Contain(words));
    }

    [TestCase(TableKind.Filter, Hook.Output, true)]
    [TestCase(TableKind.Filter, Hook.Input, false)]
    [TestCase(TableKind.Filter, Hook.Forward, false)]
    [TestCase(TableKind.Mangle, Hook.Prerouting, false)]
    [TestCase(TableKind.Mangle, Hook.Postrouting, true)]
    [TestCase(TableKind.Nat, Hook.Output, true)]
    [TestCase(TableKind.Nat, Hook.Input, false)]
    [TestCase(TableKind.Raw, Hook.Prerouting, false)]
    [TestCase(TableKind.Raw, Hook.Output, true)]
    public void The_checker_takes_owner_only_where_a_local_socket_exists(TableKind table, Hook hook, bool allowed)
    {
        var policy = Policy("p", Table(table, Builtin(hook, Rule(Accept, new OwnerMatch(Uid: 1000)))));

        var errors = PolicyChecker.Check(policy).Where(d => d.IsError).Select(d => d.Id).ToArray();

        Assert.That(errors, allowed ? Is.Empty : Is.EqualTo(new[] { "RL2130" }));
    }

    [Test]
    public void The_checker_follows_jumps_as_the_kernel_does_for_a_user_chain()
    {
        // The kernel refuses a user chain with -m owner that INPUT reaches (proved in OwnerKernelTests), even when
        // OUTPUT reaches it too.
        var policy = Policy("p", Table(TableKind.Filter,
            Builtin(Hook.Output, Rule(Jump("APPS"))),
            Builtin(Hook.Input, Rule(Jump("APPS"))),
            User("APPS", Rule(Drop, new OwnerMatch(Uid: 65534)))));

        var error = PolicyChecker.Check(policy).Single(d => d.IsError);

        Assert.That(error.Id, Is.EqualTo("RL2130"));
        Assert.That(error.Message, Does.Contain("-m owner --uid-owner 65534 cannot match in filter INPUT (reached by INPUT → APPS)"));
    }

    [TestCase(5u, 1u, "runs backwards")]
    [TestCase(0u, 4294967295u, "4294967294")]
    public void The_checker_refuses_ids_the_kernel_refuses(uint low, uint high, string words)
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Output, Rule(Accept, new OwnerMatch(Gid: new OwnerIds(low, high))))));

        var error = PolicyChecker.Check(policy).Single(d => d.IsError);

        Assert.That((error.Id, error.Message.Contains(words)), Is.EqualTo(("RL0111", true)), error.ToString());
    }

    [Test]
    public void The_checker_refuses_an_owner_match_without_a_test()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Output, Rule(Accept, new OwnerMatch()))));
        Assert.That(PolicyChecker.Check(policy).Where(d => d.IsError).Select(d => d.Id), Is.EqualTo(new[] { "RL0111" }));
    }

    [Test]
    public void Nft_writes_meta_skuid_and_skgid_and_drops_a_redundant_socket_test()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Output,
            Rule(Drop, new OwnerMatch(Uid: OwnerIds.Between(1000, 1999))),
            Rule(Accept, new OwnerMatch(Gid: 100, SocketExists: true)))));

        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });

        Assert.That(result.Succeeded, Is.True, () => string.Join("\n", result.Diagnostics));
        string text = result.Rulesets.Single().Text;
        Assert.That(text, Does.Contain("meta skuid 1000-1999 drop"));
        Assert.That(text, Does.Contain("meta skgid 100 accept"));
    }

    [TestCase(null, true, "a packet without a socket")]
    [TestCase(null, false, "a packet without a socket")]
    [TestCase(true, null, "no test of whether a packet has a socket")]
    [TestCase(false, null, "a packet without a socket")]
    public void Nft_refuses_the_owner_forms_it_cannot_say(bool? socket, bool? uidNegated, string words)
    {
        var match = new OwnerMatch(Uid: uidNegated is { } n ? new OwnerIds(0, 0, n) : null, SocketExists: socket);
        if (uidNegated == false)
        {
            match = match with { Gid = OwnerIds.Not(5) };
        }
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Output, Rule(Drop, match))));

        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });

        Assert.That(result.Diagnostics.Where(d => d.IsError).Select(d => d.Id), Is.EqualTo(new[] { "RL3101" }));
        Assert.That(result.Diagnostics.Single(d => d.IsError).Message, Does.Contain(words));
        Assert.That(PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables }).Succeeded, Is.True);
    }

    [Test]
    public void Rl_reads_and_writes_owner_and_csharp_writes_it()
    {
        const string text = "policy p\ntable filter {\n    chain OUTPUT {\n"
            + "        owner uid 65534 drop\n"
            + "        owner socket exists uid != 0-999 gid 100 accept\n"
            + "        owner socket missing accept\n"
            + "    }\n}\n";
        var parsed = RlParser.Parse(text, "main.rl");
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        var rules = Output(parsed.Policy!);
        Assert.That(rules.Select(r => r.Matches.OfType<OwnerMatch>().Single()), Is.EqualTo(new[]
        {
            new OwnerMatch(Uid: 65534),
            new OwnerMatch(new OwnerIds(0, 999, true), 100, true),
            new OwnerMatch(SocketExists: false),
        }));

        var written = RlSourceWriter.Write(parsed.Policy!, new SourceWriterOptions());
        Assert.That(written.Diagnostics, Is.Empty, () => string.Join("\n", written.Diagnostics));
        Assert.That(written.Text, Does.Contain("owner socket exists uid != 0-999 gid 100 accept"));
        var reread = Output(RlParser.Parse(written.Text, "again.rl").Policy!);
        Assert.That(reread.Select(r => r.Matches.Select(m => m with { Location = null })), Is.EqualTo(rules.Select(r => r.Matches.Select(m => m with { Location = null }))));

        string csharp = CSharpSourceWriter.Write(parsed.Policy!, "Policies", "P", new SourceWriterOptions()).Text;
        Assert.That(csharp, Does.Contain(".Owner(uid: OwnerIds.Is(65534)).Drop()"));
        Assert.That(csharp, Does.Contain(".Owner(uid: OwnerIds.Between(0, 999).Inverted(), gid: OwnerIds.Is(100), socketExists: true).Accept()"));
        Assert.That(csharp, Does.Contain(".Owner(socketExists: false).Accept()"));
    }

    [Test]
    public void Rl_refuses_a_user_name_with_the_reason()
    {
        var parsed = RlParser.Parse("policy p\ntable filter {\n    chain OUTPUT {\n        owner uid nobody drop\n    }\n}\n", "main.rl");

        var error = parsed.Diagnostics.Single();
        Assert.That((error.Id, error.Location.Line, error.Location.Column), Is.EqualTo(("RL2131", 4, 19)));
        Assert.That(error.Message, Does.Contain("iptables looks a name up in the loading machine's own passwd database"));
    }

    [TestCase("tcp 10.0.0.1:40000 -> 10.0.0.2:80 from local", TraceVerdict.Accepted)]
    [TestCase("tcp 10.0.0.1:40000 -> 10.0.0.2:80 from local uid 65534", TraceVerdict.Dropped)]
    [TestCase("tcp 10.0.0.1:40000 -> 10.0.0.2:80 from local uid 65534 gid 7", TraceVerdict.Dropped)]
    public void The_trace_tests_the_socket_of_a_packet_the_host_sends(string packet, TraceVerdict expected)
    {
        var policy = Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Output, Verdict.Accept,
            Trace.TraceModel.Rule(VerdictTarget.Drop, new OwnerMatch(Uid: OwnerIds.Between(1000, 65534))))));

        var outcome = Trace.TraceModel.Only(Trace.TraceModel.TraceOf(policy, packet, new TraceOptions { LocalAddresses = new[] { "10.0.0.1" } }));

        Assert.That(outcome.Verdict, Is.EqualTo(expected));
    }

    [TestCase(false, TraceVerdict.Accepted)]
    [TestCase(true, TraceVerdict.Dropped)]
    public void A_forwarded_packet_has_no_socket_and_matches_only_an_all_negated_owner_test(bool negated, TraceVerdict expected)
    {
        var policy = Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Mangle, Trace.TraceModel.Builtin(Hook.Postrouting, Verdict.Accept,
            Trace.TraceModel.Rule(VerdictTarget.Drop, new OwnerMatch(Uid: new OwnerIds(0, 0, negated))))));

        var outcome = Trace.TraceModel.Only(Trace.TraceModel.TraceOf(policy, "tcp 192.0.2.7:40000 -> 198.51.100.9:80 iif eth0 oif eth1",
            new TraceOptions { LocalAddresses = new[] { "10.0.0.1" } }));

        Assert.That(outcome.Verdict, Is.EqualTo(expected));
    }

    private static Rule[] Output(Policy policy) =>
        policy.Tables.Single().Chains.Single(c => c.Hook == Hook.Output).Rules.ToArray();
}
