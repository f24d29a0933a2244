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
using RuleLang.Testing;
using RuleLang.Text;
using static RuleLang.Tests.Trace.TraceModel;

namespace RuleLang.Tests;

/// <summary>
/// -m conntrack beyond --ctstate: --ctproto and the original and reply tuples' addresses and ports, through the
/// importer, the checker, both back ends, the .rl and C# writers and the trace.
/// </summary>
public class ConntrackTupleTests
{
    private static readonly SourceLocation At = new("rules.v4", 3, 1);

    private static Rule Import(string line, IpFamily family = IpFamily.IPv4)
    {
        var parsed = IptablesRuleParser.ParseRule(line, TableKind.Filter, At, family);
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        return parsed.Rule!;
    }

    private static System.Collections.Generic.IReadOnlyList<Rule> Forward(Policy policy) =>
        policy.Tables.Single(t => t.Kind == TableKind.Filter).Chains.Single(c => c.Name == "FORWARD").Rules;

    private static string[] ImportDiagnostics(string line) =>
        IptablesRuleParser.ParseRule(line, TableKind.Filter, At, IpFamily.IPv4).Diagnostics.Select(d => $"{d.Id}@{d.Location.Column}").ToArray();

    // Docker's and kube-proxy's spellings, and one line of each option with '!', as iptables-save prints them.
    [TestCase("-A FORWARD -p tcp -m conntrack --ctproto 6 -m conntrack --ctorigdstport 8080 -j ACCEPT")]
    [TestCase("-A FORWARD -p udp -m conntrack ! --ctorigsrcport 1024:65535 -j DROP")]
    [TestCase("-A FORWARD -m conntrack --ctorigdst 10.96.0.0/12 -j ACCEPT")]
    [TestCase("-A FORWARD -m conntrack ! --ctorigsrc 192.0.2.1 -j ACCEPT")]
    [TestCase("-A FORWARD -m conntrack --ctreplsrc 10.244.1.10 -m conntrack --ctrepldst 192.0.2.0/24 -j ACCEPT")]
    [TestCase("-A FORWARD -p sctp -m conntrack --ctreplsrcport 53 -m conntrack ! --ctrepldstport 0:4 -j ACCEPT")]
    [TestCase("-A FORWARD -m conntrack ! --ctproto 17 -j ACCEPT")]
    public void Each_option_imports_and_prints_back_as_iptables_save_does(string line)
    {
        var rule = Import(line);
        Assert.That(new RuleFormatter(IpFamily.IPv4).Format("FORWARD", rule), Is.EqualTo(line));
    }

    [Test]
    public void Imported_options_become_the_model()
    {
        var rule = Import("-A FORWARD -p tcp -m conntrack --ctstate DNAT --ctproto tcp --ctorigdst 10.96.0.10/32 --ctorigdstport 80 -j ACCEPT");
        Assert.That(rule.Matches.Skip(1), Is.EqualTo(new Match[]
        {
            new ConntrackMatch(ConntrackStates.Dnat),
            new ConntrackProtocolMatch(Protocol.Tcp),
            new ConntrackAddressMatch(ConntrackTuple.Original, AddressSide.Destination, "10.96.0.10/32"),
            new ConntrackPortMatch(ConntrackTuple.Original, AddressSide.Destination, PortSpan.Single(80)),
        }));
        // One -m conntrack with several options is the same test as one each; iptables-save keeps the kernel's order.
        Assert.That(new RuleFormatter(IpFamily.IPv4).Format("FORWARD", rule), Is.EqualTo(
            "-A FORWARD -p tcp -m conntrack --ctstate DNAT -m conntrack --ctproto 6 -m conntrack --ctorigdst 10.96.0.10 -m conntrack --ctorigdstport 80 -j ACCEPT"));
    }

    [Test]
    public void Ipv6_tuple_addresses_and_port_ranges_from_either_empty_side()
    {
        var rule = Import("-A FORWARD -m conntrack --ctrepldst 2001:db8::/64 -m conntrack --ctorigsrcport :4 -m conntrack --ctreplsrcport 4: -j ACCEPT", IpFamily.IPv6);
        Assert.That(new RuleFormatter(IpFamily.IPv6).Format("FORWARD", rule), Is.EqualTo(
            "-A FORWARD -m conntrack --ctrepldst 2001:db8::/64 -m conntrack --ctorigsrcport 0:4 -m conntrack --ctreplsrcport 4:65535 -j ACCEPT"));
    }

    [TestCase("-A INPUT -m conntrack --ctproto 0 -j ACCEPT", "RL0203@33")]
    [TestCase("-A INPUT -m conntrack ! --ctproto all -j ACCEPT", "RL0203@35")]
    [TestCase("-A INPUT -m conntrack --ctproto gre -j ACCEPT", "RL0201@33")]
    [TestCase("-A INPUT -m conntrack --ctorigdst 10.0.0.256 -j ACCEPT", "RL0203@35")]
    [TestCase("-A INPUT -m conntrack --ctorigdst example.com -j ACCEPT", "RL0201@35")]
    [TestCase("-A INPUT -m conntrack --ctorigdstport 65536 -j ACCEPT", "RL0203@39")]
    [TestCase("-A INPUT -m conntrack --ctorigdstport 1 --ctorigdstport 2 -j ACCEPT", "RL0206@41")]
    public void Bad_values_are_reported_at_their_token(string line, string expected) =>
        Assert.That(ImportDiagnostics(line), Is.EqualTo(new[] { expected }));

    [Test]
    public void The_checker_allows_port_0_and_refuses_a_reversed_range_or_no_protocol()
    {
        static string[] Ids(params Match[] matches) =>
            PolicyChecker.Check(M.Policy("p", M.Table(TableKind.Filter, M.Builtin(Hook.Forward, M.Rule(M.Accept, matches))))).Where(d => d.IsError).Select(d => d.Id).ToArray();

        Assert.That(Ids(new ConntrackPortMatch(ConntrackTuple.Original, AddressSide.Destination, new PortSpan(0, 4))), Is.Empty);
        Assert.That(Ids(new ConntrackPortMatch(ConntrackTuple.Reply, AddressSide.Source, new PortSpan(4, 3))), Is.EqualTo(new[] { "RL0104" }));
        Assert.That(Ids(new ConntrackPortMatch(ConntrackTuple.Reply, AddressSide.Source, new PortSpan(1, 65536))), Is.EqualTo(new[] { "RL0111" }));
        Assert.That(Ids(new ConntrackProtocolMatch(Protocol.All)), Is.EqualTo(new[] { "RL0111" }));
        Assert.That(Ids(new ConntrackAddressMatch(ConntrackTuple.Original, AddressSide.Source, "10.0.0.300")), Is.EqualTo(new[] { "RL0101" }));
    }

    [Test]
    public void Nft_writes_ct_original_and_reply_expressions()
    {
        var policy = M.Policy("p", M.Table(TableKind.Filter, M.Builtin(Hook.Forward,
            M.Rule(M.Accept, M.Proto(Protocol.Tcp), new ConntrackProtocolMatch(Protocol.Tcp), new ConntrackPortMatch(ConntrackTuple.Original, AddressSide.Destination, PortSpan.Single(8080))),
            M.Rule(M.Accept, new ConntrackAddressMatch(ConntrackTuple.Original, AddressSide.Destination, "10.96.0.0/12", Negated: true)),
            M.Rule(M.Accept, M.Proto(Protocol.Udp), new ConntrackAddressMatch(ConntrackTuple.Reply, AddressSide.Source, "2001:db8::1"), new ConntrackPortMatch(ConntrackTuple.Reply, AddressSide.Destination, new PortSpan(1000, 2000), Negated: true)))));
        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });
        Assert.That(result.Diagnostics.Where(d => d.IsError), Is.Empty, () => string.Join("\n", result.Diagnostics));
        string text = result.Rulesets.Single().Text;
        Assert.That(text, Does.Contain("meta l4proto tcp ct original protocol tcp ct original proto-dst 8080 accept"));
        Assert.That(text, Does.Contain("ct original ip daddr != 10.96.0.0/12 accept"));
        Assert.That(text, Does.Contain("meta l4proto udp ct reply ip6 saddr 2001:db8::1 ct reply proto-dst != 1000-2000 accept"));
    }

    [Test]
    public void Nft_refuses_a_tuple_port_without_a_port_protocol_rather_than_guess_one()
    {
        // nft 1.0.6 cannot read "ct original proto-dst" without the packet's protocol, and iptables tests every protocol.
        var policy = M.Policy("p", M.Table(TableKind.Filter, M.Builtin(Hook.Forward,
            M.Rule(M.Accept, new ConntrackPortMatch(ConntrackTuple.Original, AddressSide.Destination, PortSpan.Single(8080))))));
        var result = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Nft });
        Assert.That(result.Diagnostics.Where(d => d.IsError).Select(d => d.Id), Is.EqualTo(new[] { "RL3101" }));
        Assert.That(PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables }).Succeeded, Is.True);
    }

    [Test]
    public void Rl_reads_and_writes_ct_proto_and_tuples()
    {
        const string text = "policy p\ntable filter {\n    chain FORWARD {\n"
            + "        tcp ct proto tcp ct original dport 8080 accept\n"
            + "        ct original daddr != 10.96.0.0/12 ct reply saddr 10.244.1.10 accept\n"
            + "        udp ct reply sport 0-4 ct original sport != 53 ct proto != tcp drop\n"
            + "    }\n}\n";
        var parsed = RlParser.Parse(text, "main.rl");
        Assert.That(parsed.Diagnostics, Is.Empty, () => string.Join("\n", parsed.Diagnostics));
        var rules = Forward(parsed.Policy!);
        Assert.That(rules[0].Matches.OfType<ConntrackPortMatch>().Single(), Is.EqualTo(new ConntrackPortMatch(ConntrackTuple.Original, AddressSide.Destination, PortSpan.Single(8080))));
        Assert.That(rules[2].Matches.OfType<ConntrackProtocolMatch>().Single(), Is.EqualTo(new ConntrackProtocolMatch(Protocol.Tcp, Negated: true)));

        var written = RlSourceWriter.Write(parsed.Policy!, new SourceWriterOptions());
        Assert.That(written.Diagnostics, Is.Empty, () => string.Join("\n", written.Diagnostics));
        var reread = Forward(RlParser.Parse(written.Text, "again.rl").Policy!);
        Assert.That(reread.Select(r => r.Matches.Select(m => m with { Location = null })), Is.EqualTo(rules.Select(r => r.Matches.Select(m => m with { Location = null }))));

        string csharp = CSharpSourceWriter.Write(parsed.Policy!, "Policies", "P", new SourceWriterOptions()).Text;
        Assert.That(csharp, Does.Contain(".ConnectionProtocol(Protocol.Tcp).OriginalDestinationPort(8080)"));
        Assert.That(csharp, Does.Contain(".OriginalDestination(\"10.96.0.0/12\", not: true).ReplySource(\"10.244.1.10\")"));
        Assert.That(csharp, Does.Contain(".ReplySourcePort(0, 4).OriginalSourcePort(53, not: true).ConnectionProtocol(Protocol.Tcp, not: true)"));
    }

    [Test]
    public void Trace_matches_a_dnated_connection_by_its_original_destination_port_in_forward()
    {
        // Docker's and kube-proxy's pattern: after DNAT, --dport sees the container's port, --ctorigdstport the published one.
        var policy = Policy(
            Table(TableKind.Nat, Builtin(Hook.Prerouting, Rule(new DnatTarget("172.17.0.2", PortSpan.Single(80)), Tcp, Dport(8080)))),
            Table(TableKind.Filter, Builtin(Hook.Forward, Model.Values.Verdict.Drop,
                Rule(VerdictTarget.Accept, Tcp, new ConntrackPortMatch(ConntrackTuple.Original, AddressSide.Destination, PortSpan.Single(8080)),
                    new ConntrackAddressMatch(ConntrackTuple.Original, AddressSide.Destination, "192.0.2.1"),
                    new ConntrackAddressMatch(ConntrackTuple.Reply, AddressSide.Source, "172.17.0.2"),
                    new ConntrackPortMatch(ConntrackTuple.Reply, AddressSide.Source, PortSpan.Single(80))))));
        var options = new TraceOptions { LocalAddresses = new[] { "192.0.2.1" } };
        var forwarded = Only(TraceOf(policy, "tcp 198.51.100.7:40000 -> 192.0.2.1:8080 iif eth0", options));
        Assert.That((forwarded.Verdict, forwarded.DestinationText), Is.EqualTo((TraceVerdict.Accepted, "172.17.0.2:80")));
        var other = Only(TraceOf(policy, "tcp 198.51.100.7:40000 -> 172.17.0.2:80 iif eth0", options));
        Assert.That(other.Verdict, Is.EqualTo(TraceVerdict.Dropped), "the same packet, not DNATed, has another original tuple");
    }

    [Test]
    public void Trace_never_matches_a_tuple_test_without_a_connection_even_negated()
    {
        var policy = Policy(Table(TableKind.Filter, Builtin(Hook.Input, Model.Values.Verdict.Drop,
            Rule(VerdictTarget.Accept, new ConntrackProtocolMatch(Protocol.Udp, Negated: true)))));
        var options = new TraceOptions { LocalAddresses = new[] { "10.0.0.2" } };
        Assert.That(Only(TraceOf(policy, "tcp 192.168.1.5:40000 -> 10.0.0.2:22 iif eth0", options)).Verdict, Is.EqualTo(TraceVerdict.Accepted));
        Assert.That(Only(TraceOf(policy, "tcp 192.168.1.5:40000 -> 10.0.0.2:22 iif eth0 state untracked", options)).Verdict, Is.EqualTo(TraceVerdict.Dropped));
    }
}
