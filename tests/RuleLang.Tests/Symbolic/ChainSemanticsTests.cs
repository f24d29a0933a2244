using System.Collections.Generic;
using System.Linq;
using CsCheck;
using NUnit.Framework;
using RuleLang.Analysis.Symbolic;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.Tests.Symbolic;

public class ChainSemanticsTests
{
    private static IReadOnlyList<FlowOutcome> Incoming(Policy policy, out PolicyAnalysis analysis)
    {
        analysis = new PolicyAnalysis(PolicyLowering.Lower(policy), families: new[] { IpFamily.IPv4 });
        return analysis.Incoming(analysis.Arriving(), new AnalysisBudget());
    }

    private static FlowOutcome OutcomeOf(IReadOnlyList<FlowOutcome> outcomes, PolicyAnalysis analysis, string source, int port, string inInterface = "eth0")
    {
        var packet = Tcp(analysis.Universe, source, "10.0.0.1", port, inInterface);
        return outcomes.Single(o => o.Region.Contains(packet));
    }

    internal static Packet Tcp(PacketUniverse universe, string source, string destination, int port, string inInterface = "eth0")
    {
        AddressRanges.TryParse(source, out _, out var s);
        AddressRanges.TryParse(destination, out _, out var d);
        return new Packet(IpFamily.IPv4, new System.Numerics.BigInteger[]
        {
            ProtocolNumbers.Tcp, s, d, 40000, port, universe.Interfaces.SymbolOf(inInterface), universe.Interfaces.SymbolOf("eth9"),
            ConntrackEncoding.Encode(ConntrackStates.New), universe.Marks.SymbolOf(0),
        });
    }

    private static Policy WebServer() => Policy("web", Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Drop,
        Rule(1, Accept, In("lo")),
        Rule(2, Accept, State(ConntrackStates.Established | ConntrackStates.Related)),
        Rule(3, Accept, Proto(Protocol.Tcp), Dport(22), Src("192.168.1.0/24")),
        Rule(4, Accept, Proto(Protocol.Tcp), Dport(443)))));

    [Test]
    public void Every_arriving_packet_gets_one_certain_fate_from_the_rule_that_decides_it()
    {
        var outcomes = Incoming(WebServer(), out var analysis);
        Assert.That(outcomes.All(o => !o.Uncertain), Is.True);
        var outside = OutcomeOf(outcomes, analysis, "203.0.113.5", 22);
        Assert.That(outside.Verdict, Is.EqualTo(FinalVerdict.Drop));
        Assert.That(outside.Decider.IsPolicy, Is.True);
        var office = OutcomeOf(outcomes, analysis, "192.168.1.7", 22);
        Assert.That((office.Verdict, office.Delivery, office.Decider.Position), Is.EqualTo((FinalVerdict.Accept, Delivery.Local, 3)));
        Assert.That(OutcomeOf(outcomes, analysis, "203.0.113.5", 443).Decider.Position, Is.EqualTo(4));
        Assert.That(OutcomeOf(outcomes, analysis, "203.0.113.5", 22, "lo").Decider.Position, Is.EqualTo(1));
    }

    [Test]
    public void A_return_in_a_jumped_to_chain_sends_packets_back_to_the_caller()
    {
        var policy = Policy("p", Table(TableKind.Filter,
            Builtin(Hook.Input, Verdict.Accept, Rule(1, Jump("CHECK"), Proto(Protocol.Tcp)), Rule(2, Drop, Proto(Protocol.Tcp), Dport(23))),
            User("CHECK", Rule(3, Return, Src("10.0.0.0/8")), Rule(4, new RejectTarget(), Dport(23), Proto(Protocol.Tcp)))));
        var outcomes = Incoming(policy, out var analysis);
        var inside = OutcomeOf(outcomes, analysis, "10.1.2.3", 23);
        Assert.That((inside.Verdict, inside.Decider.Chain, inside.Decider.Position), Is.EqualTo((FinalVerdict.Drop, "INPUT", 2)));
        var outside = OutcomeOf(outcomes, analysis, "203.0.113.5", 23);
        Assert.That((outside.Verdict, outside.Decider.Chain), Is.EqualTo((FinalVerdict.Reject, "CHECK")));
    }

    [Test]
    public void A_service_load_balances_to_each_endpoint_and_masquerades_hairpin_traffic()
    {
        var service = new ServiceIntent("ingress-nginx", "ingress-nginx-controller", "http", Protocol.Tcp, "10.102.84.62", 80, null,
            new[] { new ServiceEndpoint("10.0.0.174", 80), new ServiceEndpoint("10.0.0.97", 80) }, new SourceLocation("p.cs", 5, 1));
        var outcomes = Incoming(Policy("cluster", new Table[0], service), out var analysis);
        var client = Tcp(analysis.Universe, "203.0.113.5", "10.102.84.62", 80);
        var fates = outcomes.Where(o => o.Region.Contains(client)).ToArray();
        Assert.That(fates.Select(o => o.Fate.Nat).OrderBy(n => n),
            Is.EqualTo(new[] { "DNAT 10.0.0.174:80", "DNAT 10.0.0.97:80" }));
        Assert.That(fates.All(o => o.Uncertain && o.Delivery == Delivery.Forwarded), Is.True);
        var hairpin = Tcp(analysis.Universe, "10.0.0.174", "10.102.84.62", 80);
        Assert.That(outcomes.Where(o => o.Region.Contains(hairpin)).Select(o => o.Fate.Nat).OrderBy(n => n),
            Is.EqualTo(new[] { "DNAT 10.0.0.174:80, MASQUERADE", "DNAT 10.0.0.97:80" }), "KUBE-MARK-MASQ marks, KUBE-POSTROUTING masquerades");
    }

    [Test]
    public void Marks_set_in_mangle_are_read_by_filter()
    {
        var policy = Policy("p",
            Table(TableKind.Mangle, Builtin(Hook.Prerouting, Rule(1, new MarkTarget(0x10), Proto(Protocol.Tcp), Dport(22)))),
            Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Accept, Rule(2, Drop, new MarkMatch(0x10)))));
        var outcomes = Incoming(policy, out var analysis);
        Assert.That(OutcomeOf(outcomes, analysis, "203.0.113.5", 22).Verdict, Is.EqualTo(FinalVerdict.Drop));
        Assert.That(OutcomeOf(outcomes, analysis, "203.0.113.5", 80).Verdict, Is.EqualTo(FinalVerdict.Accept));
    }

    [Test]
    public void With_local_addresses_routing_follows_the_destination()
    {
        var policy = Policy("p", Table(TableKind.Filter,
            Builtin(Hook.Input, Verdict.Accept, Rule(1, Drop, Proto(Protocol.Tcp), Dport(22))),
            Builtin(Hook.Forward, Verdict.Drop, Rule(2, Accept, Proto(Protocol.Tcp), Dst("198.51.100.0/24")))));
        var analysis = new PolicyAnalysis(PolicyLowering.Lower(policy), families: new[] { IpFamily.IPv4 });
        var options = new IncomingOptions(new[] { IpNetwork.Parse("10.0.0.1") });
        var outcomes = analysis.Incoming(analysis.Arriving(), new AnalysisBudget(), options);
        FlowOutcome Of(string destination, int port) => outcomes.Single(o => o.Region.Contains(Tcp(analysis.Universe, "203.0.113.5", destination, port)));
        Assert.That((Of("10.0.0.1", 22).Verdict, Of("10.0.0.1", 22).Decider.Chain), Is.EqualTo((FinalVerdict.Drop, "INPUT")));
        Assert.That((Of("198.51.100.7", 22).Verdict, Of("198.51.100.7", 22).Delivery), Is.EqualTo((FinalVerdict.Accept, Delivery.Forwarded)));
        Assert.That((Of("192.0.2.1", 80).Verdict, Of("192.0.2.1", 80).Decider.IsPolicy), Is.EqualTo((FinalVerdict.Drop, true)));

        var byDefault = analysis.Incoming(analysis.Arriving(), new AnalysisBudget());
        Assert.That(byDefault.Single(o => o.Region.Contains(Tcp(analysis.Universe, "203.0.113.5", "192.0.2.1", 80))).Delivery, Is.EqualTo(Delivery.Local),
            "without local addresses, a destination no DNAT changed is the host's");
    }

    /// <summary>Random chains of deterministic rules: the symbolic exits agree with the concrete run, packet by packet.</summary>
    [Test]
    public void Symbolic_walk_agrees_with_a_concrete_run_on_random_chains()
    {
        var genMatch = Gen.OneOf(
            Pick<Match>(Proto(Protocol.Tcp), Proto(Protocol.Udp), Proto(Protocol.Tcp, not: true)),
            Pick<Match>(Src("10.0.0.0/8"), Src("10.1.0.0/16", not: true), Dst("10.0.0.1"), Dst("192.168.0.0/16")),
            Pick<Match>(Dport(22), DportRange(20, 30), Dport(80, 443), new PortMatch(AddressSide.Destination, new[] { PortSpan.Single(22) }, Negated: true)),
            Pick<Match>(In("eth0"), In("eth+"), In("lo", not: true)),
            Pick<Match>(State(ConntrackStates.New), State(ConntrackStates.Established, not: true)),
            Pick<Match>(new MarkMatch(0x10), new MarkMatch(0x10, 0x10, Negated: true)));
        var genTarget = Pick<Target>(Accept, Drop, Return, VerdictTarget.Accept, new RejectTarget(), new MarkTarget(0x10), new MarkTarget(0x0, 0x10), Jump("SUB"), Goto("SUB"), new LogTarget("x"));
        var genSubTarget = Pick<Target>(Accept, Drop, Return, new MarkTarget(0x10), new LogTarget("y"));
        var genRule = Gen.Select(genMatch.Array[0, 3], genTarget, (m, t) => Rule(t, m));
        var genSubRule = Gen.Select(genMatch.Array[0, 2], genSubTarget, (m, t) => Rule(t, m));
        var genPolicy = Gen.Select(genRule.Array[1, 6], genSubRule.Array[0, 4], (main, sub) =>
            Policy("p", Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Accept, main), User("SUB", sub))));
        genPolicy.Sample(policy =>
        {
            var analysis = new PolicyAnalysis(policy, families: new[] { IpFamily.IPv4 });
            var table = policy.FindTable(TableKind.Filter)!;
            var walker = analysis.Walker(IpFamily.IPv4, new AnalysisBudget());
            var everything = new PacketSet(new[] { analysis.Universe.Full(IpFamily.IPv4) });
            var exits = walker.Walk(TableKind.Filter, table.FindChain("INPUT")!, new[] { new FlowState(everything, PacketRewrite.None, false, new RuleRef[0]) });
            foreach (var packet in SamplePackets(analysis.Universe))
            {
                uint mark = analysis.Universe.Marks.Representative((int)packet[Dimension.Mark]);
                var expected = ConcreteChainEvaluator.Run(table, table.FindChain("INPUT")!, analysis.Universe, packet, ref mark);
                var containing = exits.Where(e => e.State.Region.Contains(packet)).ToArray();
                Assert.That(containing, Has.Length.EqualTo(1), "one exit per packet");
                Assert.That(containing[0].Verdict, Is.EqualTo(expected), analysis.Universe.Describe(packet));
            }
        }, iter: 150);
    }

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static IEnumerable<Packet> SamplePackets(PacketUniverse universe)
    {
        var sources = new[] { "10.0.0.1", "10.1.2.3", "192.168.3.4", "203.0.113.5" };
        var destinations = new[] { "10.0.0.1", "192.168.1.1", "198.51.100.10" };
        int[] protocols = { ProtocolNumbers.Tcp, ProtocolNumbers.Udp, ProtocolNumbers.Icmp };
        int[] ports = { 22, 25, 80, 443, 1000 };
        string[] interfaces = { "eth0", "eth1", "lo", "wlan0" };
        int[] states = { ConntrackEncoding.Encode(ConntrackStates.New), ConntrackEncoding.Encode(ConntrackStates.Established) };
        var random = new System.Random(7);
        for (int i = 0; i < 60; i++)
        {
            AddressRanges.TryParse(sources[random.Next(sources.Length)], out _, out var s);
            AddressRanges.TryParse(destinations[random.Next(destinations.Length)], out _, out var d);
            yield return new Packet(IpFamily.IPv4, new System.Numerics.BigInteger[]
            {
                protocols[random.Next(protocols.Length)], s, d, 40000, ports[random.Next(ports.Length)],
                universe.Interfaces.SymbolOf(interfaces[random.Next(interfaces.Length)]), 0,
                states[random.Next(states.Length)], random.Next(universe.Marks.Count),
            });
        }
    }
}
