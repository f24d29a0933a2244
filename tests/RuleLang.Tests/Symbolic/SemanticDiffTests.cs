using System.Linq;
using CsCheck;
using NUnit.Framework;
using RuleLang.Analysis.Symbolic;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Symbolic;

public class SemanticDiffTests
{
    private static Rule[] WebRules => new[]
    {
        Rule(1, Accept, In("lo")),
        Rule(2, Accept, State(ConntrackStates.Established | ConntrackStates.Related)),
        Rule(3, Accept, Proto(Protocol.Tcp), Dport(22), Src("192.168.1.0/24")),
        Rule(4, Accept, Proto(Protocol.Tcp), Dport(443)),
    };

    private static Policy Web(params Rule[] rules) => Policy("web", Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Drop, rules)));

    private static FlowChange[] Diff(Policy before, Policy after) =>
        SemanticDiff.Compare(PolicyLowering.Lower(before), PolicyLowering.Lower(after), new AnalysisBudget()).ToArray();

    [Test]
    public void The_same_policy_and_a_reordering_that_changes_nothing_give_no_changes()
    {
        Assert.That(Diff(Web(WebRules), Web(WebRules)), Is.Empty);
        Assert.That(Diff(Web(WebRules), Web(WebRules[0], WebRules[1], WebRules[3], WebRules[2])), Is.Empty);
    }

    [Test]
    public void An_opened_port_is_newly_accepted_with_the_rule_that_opens_it()
    {
        var changes = Diff(Web(WebRules), Web(WebRules.Concat(new[] { Rule(5, Accept, Proto(Protocol.Tcp), Dport(8443)) }).ToArray()));
        Assert.That(changes.Select(c => c.Family), Is.EqualTo(new[] { IpFamily.IPv4, IpFamily.IPv6 }), "a default DROP policy filters IPv6 too");
        var change = changes[0];
        Assert.That(change.Kind, Is.EqualTo("newly accepted"));
        Assert.That(change.Region.ToString(), Is.EqualTo("tcp any -> any dport 8443 iif !lo"));
        Assert.That((change.Before, change.After), Is.EqualTo(("dropped", "accepted")));
        Assert.That(change.BeforeRules.Single().IsPolicy, Is.True);
        Assert.That(change.AfterRules.Single().Location.Line, Is.EqualTo(5));
    }

    [Test]
    public void A_narrowed_rule_is_newly_dropped_for_exactly_the_part_it_lost()
    {
        var narrowed = WebRules.Select(r => r.Location.Line == 3 ? Rule(3, Accept, Proto(Protocol.Tcp), Dport(22), Src("192.168.1.0/25")) : r).ToArray();
        var change = Diff(Web(WebRules), Web(narrowed)).Single();
        Assert.That(change.Kind, Is.EqualTo("newly dropped"));
        Assert.That(change.Region.ToString(), Is.EqualTo("tcp 192.168.1.128/25 -> any dport 22 iif !lo"));
    }

    [Test]
    public void A_moved_port_forward_is_a_NAT_target_change()
    {
        Policy Forward(string to) => Policy("gw", new Table[0], new PortForwardIntent(Protocol.Tcp, "wan0", 2222, to, 22, new SourceLocation("gw.cs", 3, 1)));
        var change = Diff(Forward("10.0.0.2"), Forward("10.0.0.3")).Single();
        Assert.That(change.Kind, Is.EqualTo("NAT target changed"));
        Assert.That(change.Region.ToString(), Is.EqualTo("tcp any -> any dport 2222 iif wan0"));
        Assert.That((change.Before, change.After), Is.EqualTo(("forwarded (DNAT 10.0.0.2:22)", "forwarded (DNAT 10.0.0.3:22)")));
    }

    [Test]
    public void Random_load_balancing_is_compared_as_a_set_of_endpoints()
    {
        Policy Cluster(params string[] endpoints) => Policy("c", new Table[0], new ServiceIntent("default", "web", "http", Protocol.Tcp, "10.96.0.10", 80, null,
            endpoints.Select(e => new ServiceEndpoint(e, 8080)).ToArray(), new SourceLocation("c.cs", 1, 1)));
        Assert.That(Diff(Cluster("10.244.1.10", "10.244.2.10"), Cluster("10.244.1.10", "10.244.2.10")), Is.Empty);
        var changes = Diff(Cluster("10.244.1.10", "10.244.2.10"), Cluster("10.244.1.10", "10.244.2.10", "10.244.3.10"));
        Assert.That(changes.Select(c => c.Kind).Distinct(), Is.EqualTo(new[] { "NAT target changed" }));
        Assert.That(changes.Select(c => c.Region.Destination).Distinct(), Is.EqualTo(new[] { "10.96.0.10/32" }));
        Assert.That(changes.All(c => c.After.Contains("DNAT 10.244.3.10:8080") && !c.Before.Contains("10.244.3.10")), Is.True);
    }

    /// <summary>
    /// Random pairs of filter chains: a packet lies in a reported change exactly when a concrete run of the two
    /// chains gives it different verdicts.
    /// </summary>
    [Test]
    public void Changes_are_exactly_the_packets_whose_concrete_verdicts_differ()
    {
        static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);
        var genMatch = Pick<Model.Matches.Match>(Proto(Protocol.Tcp), Proto(Protocol.Udp), Src("10.0.0.0/8"), Src("10.1.0.0/16", not: true),
            Dst("10.0.0.1"), Dport(22), DportRange(20, 30), In("eth0"), In("eth+"), In("lo", not: true));
        var genTarget = Pick(Accept, Drop, Return, new Model.Targets.RejectTarget(), Jump("SUB"));
        var genRule = Gen.Select(genMatch.Array[0, 3], genTarget, (m, t) => Rule(t, m));
        var genPolicy = Gen.Select(genRule.Array[0, 5], genRule.Array[0, 3], Pick(Verdict.Accept, Verdict.Drop), (main, sub, verdict) =>
            Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, verdict, main), User("SUB", sub.Where(r => r.Target is not Model.Targets.JumpTarget).ToArray()))));
        Gen.Select(genPolicy, genPolicy).Sample((before, after) =>
        {
            var changes = SemanticDiff.Compare(before, after, new AnalysisBudget(), families: new[] { IpFamily.IPv4 });
            var universe = PacketUniverse.For(new[] { before, after });
            foreach (var packet in Packets(universe))
            {
                bool differs = Concrete(before, universe, packet) != Concrete(after, universe, packet);
                Assert.That(changes.Any(c => c.Box.Contains(packet)), Is.EqualTo(differs), universe.Describe(packet));
            }
        }, iter: 150);
    }

    private static FinalVerdict Concrete(Policy policy, PacketUniverse universe, Packet packet)
    {
        var table = policy.FindTable(TableKind.Filter)!;
        var input = table.FindChain("INPUT")!;
        uint mark = 0;
        return ConcreteChainEvaluator.Run(table, input, universe, packet, ref mark)
            ?? (input.Policy == Verdict.Accept ? FinalVerdict.Accept : FinalVerdict.Drop);
    }

    private static System.Collections.Generic.IEnumerable<Packet> Packets(PacketUniverse universe)
    {
        foreach (int protocol in new[] { ProtocolNumbers.Tcp, ProtocolNumbers.Udp, ProtocolNumbers.Icmp })
        {
            foreach (string source in new[] { "10.0.0.5", "10.1.2.3", "192.0.2.7" })
            {
                foreach (string destination in new[] { "10.0.0.1", "10.0.0.2" })
                {
                    foreach (int port in new[] { 22, 25, 80 })
                    {
                        foreach (string name in new[] { "eth0", "eth1", "lo", "wlan0" })
                        {
                            AddressRanges.TryParse(source, out _, out var s);
                            AddressRanges.TryParse(destination, out _, out var d);
                            yield return new Packet(IpFamily.IPv4, new System.Numerics.BigInteger[]
                            {
                                protocol, s, d, 40000, port, universe.Interfaces.SymbolOf(name), 0,
                                ConntrackEncoding.Encode(ConntrackStates.New), universe.Marks.SymbolOf(0),
                            });
                        }
                    }
                }
            }
        }
    }

    [Test]
    public void Markdown_is_a_table_for_a_pull_request_comment()
    {
        var changes = Diff(Web(WebRules), Web(WebRules.Concat(new[] { Rule(5, Accept, Proto(Protocol.Tcp), Dport(8443)) }).ToArray()));
        Assert.That(SemanticDiff.RenderMarkdown(changes), Is.EqualTo(
            "### Traffic changes\n\n2 flows change their fate.\n\n| change | flow | before | after |\n|---|---|---|---|\n"
            + "| newly accepted | `tcp any -> any dport 8443 iif !lo` | dropped<br>filter INPUT policy | accepted<br>filter INPUT rule 5 (test.cs(5,1)) |\n"
            + "| newly accepted | `ipv6 tcp any -> any dport 8443 iif !lo` | dropped<br>filter INPUT policy | accepted<br>filter INPUT rule 4 (test.cs(5,1)) |\n"));
        Assert.That(SemanticDiff.RenderText(new FlowChange[0]), Is.EqualTo("no flow changes its fate\n"));
    }
}
