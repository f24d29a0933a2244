using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Symbolic;
using RuleLang.Analysis.Trace;
using RuleLang.Backends.Iptables;
using RuleLang.Checker;
using RuleLang.Compiler;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Sets;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.SourceWriters;
using RuleLang.Text;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Matches;

/// <summary>Named sets (-m set, nft @name) through the importer, the checker, both back ends, .rl, the source writers, the trace and the symbolic analysis.</summary>
public class NamedSetTests
{
    private const string Fail2banDump = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
        + "-A INPUT -p tcp -m tcp --dport 22 -m set --match-set f2b-sshd src -j REJECT --reject-with icmp-port-unreachable\n"
        + "-A INPUT -m set ! --match-set trusted src,dst -j DROP\nCOMMIT\n";

    private static readonly SourceLocation Here = new("test.cs", 3, 1);

    private static SetMatch In(string name, AddressSide side = AddressSide.Source, bool not = false, IpFamily? family = IpFamily.IPv4) =>
        new(name, new[] { side }, not, family);

    private static Policy WithSets(Policy policy, params NamedSet[] sets) => policy with { Sets = sets };

    private static NamedSet Blocklist(params string[] elements) => NamedSet.Defined("blocklist", SetType.Ipv4Network, elements, Here);

    [Test]
    public void A_fail2ban_dump_imports_whole_with_each_set_declared_external()
    {
        var imported = IptablesDumpImporter.Import(new DumpSource(Fail2banDump, "rules.v4", IpFamily.IPv4), "host");

        Assert.That(imported.Diagnostics.Where(d => d.IsError), Is.Empty, () => string.Join("\n", imported.Diagnostics));
        Assert.That(imported.Unimported, Is.Empty);
        Assert.That(imported.Policy.Sets.Select(s => (s.Name, s.External, s.Type, s.Dimension)),
            Is.EqualTo(new[] { ("f2b-sshd", true, SetType.Ipv4Address, 1), ("trusted", true, SetType.Ipv4Address, 2) }));
        var rules = imported.Policy.FindTable(TableKind.Filter)!.Chains.Single(c => c.Name == "INPUT").Rules;
        Assert.That(rules[0].Matches.OfType<SetMatch>().Single(), Is.EqualTo(In("f2b-sshd")));
        Assert.That(rules[1].Matches.OfType<SetMatch>().Single(),
            Is.EqualTo(new SetMatch("trusted", new[] { AddressSide.Source, AddressSide.Destination }, true, IpFamily.IPv4)));
    }

    [Test]
    public void An_imported_set_match_prints_back_as_iptables_save_prints_it()
    {
        var imported = IptablesDumpImporter.Import(new DumpSource(Fail2banDump, "rules.v4", IpFamily.IPv4), "host");

        var result = PolicyCompiler.Compile(imported.Policy, new[] { RulesetFormat.Iptables });

        Assert.That(result.Succeeded, () => string.Join("\n", result.Diagnostics));
        string text = result.Rulesets.Single().Text;
        Assert.That(text, Does.Contain("-A INPUT -p tcp -m tcp --dport 22 -m set --match-set f2b-sshd src -j REJECT --reject-with icmp-port-unreachable\n"));
        Assert.That(text, Does.Contain("-A INPUT -m set ! --match-set trusted src,dst -j DROP\n"));
        Assert.That(result.Rulesets.Select(r => r.Format), Is.EqualTo(new[] { RulesetFormat.Iptables }), "external sets are another tool's: no ipset script");
    }

    [TestCase("-A INPUT -m set --match-set f2b src,any -j DROP", "RL0203")]
    [TestCase("-A INPUT -m set --match-set f2b src,src,src,src,src,src,src -j DROP", "RL0203")]
    [TestCase("-A INPUT -m set --match-set f2b src --return-nomatch -j DROP", "RL0201")]
    public void A_set_match_the_model_cannot_hold_is_a_diagnostic(string line, string id)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, Here, IpFamily.IPv4);

        Assert.That(parsed.Rule, Is.Null);
        Assert.That(parsed.Diagnostics.Select(d => d.Id), Does.Contain(id), () => string.Join("\n", parsed.Diagnostics));
    }

    [Test]
    public void A_test_of_an_undeclared_set_is_RL1221()
    {
        var policy = Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, In("nowhere")))));
        Assert.That(Errors(policy), Is.EqualTo(new[] { "RL1221" }));
    }

    [Test]
    public void A_set_declared_twice_is_RL1222()
    {
        var policy = WithSets(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, In("blocklist"))))), Blocklist("192.0.2.1"), Blocklist("192.0.2.2"));
        Assert.That(Errors(policy), Is.EqualTo(new[] { "RL1222" }));
    }

    [Test]
    public void Directions_that_do_not_fit_the_set_are_RL1223()
    {
        var twoWays = new SetMatch("blocklist", new[] { AddressSide.Source, AddressSide.Destination }, false, IpFamily.IPv4);
        var policy = WithSets(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, twoWays)))), Blocklist("192.0.2.1"));
        Assert.That(Errors(policy), Is.EqualTo(new[] { "RL1223" }));
    }

    // ipset's IPSET_MAXNAMELEN is 32 with its NUL; nft reads an unquoted name as a letter or '_' and then name characters.
    [TestCase("abcdefghijklmnopqrstuvwxyz012345")]
    [TestCase("")]
    [TestCase("2fast")]
    [TestCase("block list")]
    [TestCase("a/b")]
    public void A_name_ipset_or_nft_would_refuse_is_RL2125(string name)
    {
        var set = NamedSet.Defined(name, SetType.Ipv4Address, new[] { "192.0.2.1" }, Here);
        var policy = WithSets(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, In(name))))), set);
        Assert.That(Errors(policy), Is.EqualTo(new[] { "RL2125" }));
    }

    /// <summary>
    /// Calico names its ipsets cali40s:…; ipset and iptables take the ':' (RealRulesetCorpusKernelTests loads one), nft
    /// does not, and only an external set never reaches nft (RL3101).
    /// </summary>
    [Test]
    public void A_colon_is_allowed_in_an_external_set_name_only()
    {
        const string name = "cali40s:qO5gtZh4bRn6c1xU";
        var external = NamedSet.Extern(name, SetType.Ipv4Network, Here);
        var defined = NamedSet.Defined(name, SetType.Ipv4Network, new[] { "192.0.2.0/24" }, Here);
        Assert.That(Errors(WithSets(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, In(name))))), external)), Is.Empty);
        Assert.That(Errors(WithSets(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, In(name))))), defined)), Is.EqualTo(new[] { "RL2125" }));
    }

    [TestCase(SetType.Ipv4Address, "2001:db8::1")]
    [TestCase(SetType.Ipv4Address, "192.0.2.0/24")]
    [TestCase(SetType.Ipv6Network, "192.0.2.0/24")]
    [TestCase(SetType.Ipv4Network, "not-an-address")]
    [TestCase(SetType.Port, "0")]
    [TestCase(SetType.Port, "2000-1000")]
    [TestCase(SetType.Port, "65536")]
    public void An_element_not_of_the_sets_kind_is_RL2126(SetType type, string element)
    {
        var set = NamedSet.Defined("s", type, new[] { element }, Here);
        var policy = WithSets(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input))), set);
        Assert.That(Errors(policy), Is.EqualTo(new[] { "RL2126" }));
    }

    [Test]
    public void A_port_set_needs_a_port_protocol_and_an_address_set_its_family_RL2127()
    {
        var ports = NamedSet.Defined("ports", SetType.Port, new[] { "22", "8000-8080" }, Here);
        var noProtocol = WithSets(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, In("ports", AddressSide.Destination, family: null))))), ports);
        Assert.That(Errors(noProtocol), Is.EqualTo(new[] { "RL2127" }));

        var withTcp = WithSets(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, Proto(Protocol.Tcp), In("ports", AddressSide.Destination, family: null))))), ports);
        Assert.That(Errors(withTcp), Is.Empty);

        var wrongFamily = WithSets(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, In("blocklist", family: IpFamily.IPv6))))), Blocklist("192.0.2.1"));
        Assert.That(Errors(wrongFamily), Is.EqualTo(new[] { "RL2127" }));
    }

    [Test]
    public void A_defined_set_is_emitted_as_an_ipset_script_beside_the_iptables_ruleset()
    {
        var policy = WithSets(Policy("edge", Table(TableKind.Filter, Builtin(Hook.Input, Rule(Drop, In("blocklist"))))),
            NamedSet.Defined("blocklist", SetType.Ipv4Network, new[] { "192.0.2.1", "198.51.100.0/24" }, Here, timeout: 600));

        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables });

        Assert.That(result.Succeeded, () => string.Join("\n", result.Diagnostics));
        Assert.That(result.Rulesets.Select(r => r.FileName), Is.EqualTo(new[] { "edge.iptables", "edge.ipset" }));
        Assert.That(result.Rulesets[0].Text, Does.Contain("-A INPUT -m set --match-set blocklist src -j DROP\n"));
        string script = result.Rulesets[1].Text;
        Assert.That(script, Does.StartWith(RulesetWriter.GeneratedHeader));
        Assert.That(script.Split('\n').Where(l => !l.StartsWith("#")), Is.EqualTo(new[]
        {
            "create blocklist hash:net family inet timeout 600 -exist",
            "flush blocklist",
            "add blocklist 192.0.2.1/32 -exist",
            "add blocklist 198.51.100.0/24 -exist",
            "",
        }));
    }

    [Test]
    public void The_nft_back_end_declares_the_set_in_the_table_and_tests_it_by_name()
    {
        var policy = WithSets(Policy("edge", Table(TableKind.Filter, Builtin(Hook.Input,
                Rule(Drop, In("blocklist", not: true)),
                Rule(Accept, Proto(Protocol.Tcp), In("ports", AddressSide.Destination, family: null))))),
            NamedSet.Defined("blocklist", SetType.Ipv4Network, new[] { "192.0.2.1", "198.51.100.0/24" }, Here),
            NamedSet.Defined("ports", SetType.Port, new[] { "22", "8000-8080" }, Here));

        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });

        Assert.That(result.Succeeded, () => string.Join("\n", result.Diagnostics));
        string text = result.Rulesets.Single().Text;
        Assert.That(text, Does.Contain("table inet edge {\n\tset blocklist {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\tauto-merge\n\t\telements = { 192.0.2.1, 198.51.100.0/24 }\n\t}\n"
            + "\n\tset ports {\n\t\ttype inet_service\n\t\tflags interval\n\t\tauto-merge\n\t\telements = { 22, 8000-8080 }\n\t}\n\n\tchain filter_INPUT {"));
        Assert.That(text, Does.Contain("\t\tmeta nfproto ipv4 ip saddr != @blocklist drop\n"));
        Assert.That(text, Does.Contain("\t\tmeta l4proto tcp tcp dport @ports accept\n"));
    }

    [Test]
    public void An_external_set_has_no_nft_form_RL3101()
    {
        var imported = IptablesDumpImporter.Import(new DumpSource(Fail2banDump, "rules.v4", IpFamily.IPv4), "host");

        var result = PolicyCompiler.Compile(imported.Policy, new[] { RulesetFormat.Nft });

        Assert.That(result.Diagnostics.Where(d => d.IsError).Select(d => d.Id), Is.EqualTo(new[] { "RL3101", "RL3101" }));
        Assert.That(result.Diagnostics.First().Message, Does.Contain("nft cannot see ipset sets"));
    }

    [TestCase("192.0.2.1", TraceVerdict.Dropped)]
    [TestCase("198.51.100.77", TraceVerdict.Dropped)]
    [TestCase("203.0.113.5", TraceVerdict.Accepted)]
    public void The_trace_decides_membership_of_a_defined_set(string source, TraceVerdict expected)
    {
        var policy = WithSets(Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Input, Verdict.Accept,
            Trace.TraceModel.Rule(VerdictTarget.Drop, In("blocklist"))))), Blocklist("192.0.2.1", "198.51.100.0/24"));

        var result = Trace.TraceModel.TraceOf(policy, $"tcp {source}:40000 -> 10.0.0.2:22 iif eth0", new TraceOptions { LocalAddresses = new[] { "10.0.0.2" } });

        Assert.That(Trace.TraceModel.Only(result).Verdict, Is.EqualTo(expected));
        Assert.That(result.Assumptions, Has.None.Contains("-m set"));
    }

    [Test]
    public void The_trace_takes_a_packet_as_outside_an_external_set_and_says_so()
    {
        var policy = WithSets(Trace.TraceModel.Policy(Trace.TraceModel.Table(TableKind.Filter, Trace.TraceModel.Builtin(Hook.Input, Verdict.Accept,
            Trace.TraceModel.Rule(VerdictTarget.Drop, In("f2b-sshd"))))), NamedSet.Extern("f2b-sshd", SetType.Ipv4Address, Here));

        var result = Trace.TraceModel.TraceOf(policy, "tcp 192.0.2.1:40000 -> 10.0.0.2:22 iif eth0", new TraceOptions { LocalAddresses = new[] { "10.0.0.2" } });

        Assert.That(Trace.TraceModel.Only(result).Verdict, Is.EqualTo(TraceVerdict.Accepted));
        Assert.That(result.Assumptions, Has.Some.Contains("set f2b-sshd is external"));
    }

    [Test]
    public void Symbolic_analysis_sees_a_defined_set_as_a_union_of_intervals()
    {
        // The set covers 10.0.0.0/25 and 10.0.0.128/25, so a later rule on 10.0.0.0/24 is shadowed; with half the set it is not.
        Policy Shadowing(params string[] elements) => WithSets(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Accept,
            Rule(1, Drop, In("blocklist")),
            Rule(3, new RejectTarget(), Src("10.0.0.0/24"))))), Blocklist(elements));

        var covered = ShadowAnalysis.Find(new PolicyAnalysis(Shadowing("10.0.0.0/25", "10.0.0.128/25")), new AnalysisBudget()).ToArray();
        Assert.That(covered.Select(s => s.Rule.Position), Is.EqualTo(new[] { 2 }));

        var half = ShadowAnalysis.Find(new PolicyAnalysis(Shadowing("10.0.0.0/25")), new AnalysisBudget()).ToArray();
        Assert.That(half, Is.Empty);
    }

    [Test]
    public void Symbolic_analysis_treats_an_external_set_as_unknown()
    {
        var policy = WithSets(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Accept,
            Rule(1, Drop, In("f2b-sshd")),
            Rule(3, new RejectTarget(), Src("10.0.0.0/24"))))), NamedSet.Extern("f2b-sshd", SetType.Ipv4Address, Here));

        Assert.That(ShadowAnalysis.Find(new PolicyAnalysis(policy), new AnalysisBudget()), Is.Empty);
    }

    [Test]
    public void Rl_declares_sets_and_tests_them_with_at_names()
    {
        const string text = "policy edge\n"
            + "set blocklist ipv4_net timeout 600 { 192.0.2.1, 198.51.100.0/24 }\n"
            + "set ports port { 22, 8000-8080 }\n"
            + "external set f2b-sshd ipv4_addr\n"
            + "table filter {\n    chain INPUT {\n"
            + "        saddr @blocklist drop\n"
            + "        tcp dport != @ports saddr @f2b-sshd drop\n"
            + "    }\n}\n";

        var parsed = RlParser.Parse(text, "edge.rl");

        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        var policy = parsed.Policy!;
        Assert.That(policy.Sets, Is.EqualTo(new[]
        {
            NamedSet.Defined("blocklist", SetType.Ipv4Network, new[] { "192.0.2.1", "198.51.100.0/24" }, Here, timeout: 600),
            NamedSet.Defined("ports", SetType.Port, new[] { "22", "8000-8080" }, Here),
            NamedSet.Extern("f2b-sshd", SetType.Ipv4Address, Here),
        }));
        var rules = policy.FindTable(TableKind.Filter)!.Chains.Single(c => c.Name == "INPUT").Rules;
        Assert.That(rules[0].Matches.Single(), Is.EqualTo(In("blocklist")));
        Assert.That(rules[1].Matches.OfType<SetMatch>(), Is.EqualTo(new[] { In("ports", AddressSide.Destination, not: true, family: null), In("f2b-sshd") }));
    }

    [TestCase("saddr @nowhere drop", "RL0422")]
    [TestCase("tcp dport @blocklist drop", "RL0423")]
    public void Rl_refuses_an_unknown_set_or_one_of_the_wrong_kind(string rule, string id)
    {
        string text = "policy edge\nset blocklist ipv4_addr { 192.0.2.1 }\ntable filter {\n    chain INPUT {\n        " + rule + "\n    }\n}\n";

        var parsed = RlParser.Parse(text, "edge.rl");

        Assert.That(parsed.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { id }), () => string.Join("\n", parsed.Diagnostics));
        Assert.That(parsed.Diagnostics.Single().Location.Line, Is.EqualTo(5));
    }

    [Test]
    public void An_imported_set_match_is_written_back_as_rl_and_csharp()
    {
        const string dump = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m set --match-set f2b-sshd src -j DROP\nCOMMIT\n";
        var imported = IptablesDumpImporter.Import(new DumpSource(dump, "rules.v4", IpFamily.IPv4), "host");

        var rl = RlSourceWriter.Write(imported.Policy);
        Assert.That(rl.Diagnostics, Is.Empty, () => string.Join("\n", rl.Diagnostics));
        Assert.That(rl.Text, Does.Contain("\nexternal set f2b-sshd ipv4_addr\n"));
        Assert.That(rl.Text, Does.Contain("saddr @f2b-sshd drop\n"));
        var reparsed = RlParser.Parse(rl.Text, "host.rl");
        Assert.That(reparsed.Diagnostics, Is.Empty, () => string.Join("\n", reparsed.Diagnostics) + "\n" + rl.Text);
        Assert.That(reparsed.Policy!.Sets, Is.EqualTo(imported.Policy.Sets));

        var csharp = CSharpSourceWriter.Write(imported.Policy, "Imported", "Host");
        Assert.That(csharp.Diagnostics, Is.Empty, () => string.Join("\n", csharp.Diagnostics));
        Assert.That(csharp.Text, Does.Contain("var setF2bSshd = p.ExternalSet(\"f2b-sshd\", RuleLang.Model.Sets.SetType.Ipv4Address);\n"));
        Assert.That(csharp.Text, Does.Contain(".SourceIn(setF2bSshd)"));
    }

    [Test]
    public void Set_tests_of_two_values_per_element_are_reported_not_dropped_by_the_source_writers()
    {
        var imported = IptablesDumpImporter.Import(new DumpSource(Fail2banDump, "rules.v4", IpFamily.IPv4), "host");

        Assert.That(RlSourceWriter.Write(imported.Policy).Diagnostics.Select(d => d.Id), Has.All.EqualTo("RL3301").And.Not.Empty);
        Assert.That(CSharpSourceWriter.Write(imported.Policy, "Imported", "Host").Diagnostics.Select(d => d.Id), Has.All.EqualTo("RL3301").And.Not.Empty);
    }

    [Test]
    public void The_csharp_dsl_declares_sets_and_tests_them_through_their_handles()
    {
        var policy = new EdgePolicy().Build();

        Assert.That(policy.Sets, Is.EqualTo(new[]
        {
            NamedSet.Defined("blocklist", SetType.Ipv4Network, new[] { "192.0.2.1", "198.51.100.0/24" }, Here, timeout: 600),
            NamedSet.Extern("f2b-sshd", SetType.Ipv4Address, Here),
        }));
        var rules = policy.FindTable(TableKind.Filter)!.Chains.Single(c => c.Name == "INPUT").Rules;
        Assert.That(rules[0].Matches.Single(), Is.EqualTo(In("blocklist")));
        Assert.That(rules[1].Matches.OfType<SetMatch>().Single(), Is.EqualTo(In("f2b-sshd", AddressSide.Source, not: true)));
        Assert.That(PolicyCompiler.Compile(policy).Succeeded);
    }

    private sealed class EdgePolicy : PolicyDefinition
    {
        public override string Name => "edge";

        protected override void Define(PolicyBuilder p)
        {
            var blocklist = p.Set("blocklist", SetType.Ipv4Network, new[] { "192.0.2.1", "198.51.100.0/24" }, timeout: 600);
            var banned = p.ExternalSet("f2b-sshd", SetType.Ipv4Address);
            p.Filter.Input.Rule().SourceIn(blocklist).Drop();
            p.Filter.Input.Tcp().DestinationPort(22).SourceIn(banned, not: true).Accept();
        }
    }

    [Test]
    public void The_rl_writer_never_writes_an_element_that_would_not_read_back_as_one()
    {
        var hostile = WithSets(Policy("p", Table(TableKind.Filter, Builtin(Hook.Input))),
            NamedSet.Defined("blocklist", SetType.Ipv4Address, new[] { "192.0.2.1 }\ntable nat {" }, Here));

        var written = RlSourceWriter.Write(hostile);

        Assert.That(written.Diagnostics.Select(d => d.Id), Is.EqualTo(new[] { "RL3301" }));
        Assert.That(written.Text, Does.Not.Contain("table nat"));
    }

    private static string[] Errors(Policy policy) =>
        PolicyChecker.Check(policy).Where(d => d.IsError).Select(d => d.Id).ToArray();
}
