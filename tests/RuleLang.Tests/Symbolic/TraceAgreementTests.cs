using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Symbolic;
using RuleLang.Analysis.Trace;
using RuleLang.Lowering;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Testing;

namespace RuleLang.Tests.Symbolic;

/// <summary>
/// The symbolic analysis against the concrete trace (written apart from it): for a grid of packets through each
/// example policy, every verdict the trace finds is one the symbolic outcomes holding that packet allow, and a
/// certain symbolic outcome is the trace's only verdict, with the same NAT destination. The packets are written as
/// the analysis writes its counterexamples, so the trace also reads that format.
/// </summary>
public class TraceAgreementTests
{
    public static IEnumerable<TestCaseData> Examples() => ExampleCatalog.All().Select(e => new TestCaseData(e).SetArgDisplayNames(e.Folder));

    [TestCaseSource(nameof(Examples))]
    public void Symbolic_outcomes_agree_with_the_concrete_trace(ExampleCatalog.Example example)
    {
        var policy = example.Definition.Build();
        var lowered = PolicyLowering.Lower(policy);
        var analysis = new PolicyAnalysis(lowered, families: new[] { IpFamily.IPv4 });
        var outcomes = analysis.Incoming(analysis.Arriving(), new AnalysisBudget());
        int compared = 0;
        foreach (var packet in Packets(analysis.Universe))
        {
            string text = analysis.Universe.Describe(packet);
            var parsed = PacketParser.Parse(text);
            Assert.That(parsed.Packet, Is.Not.Null, text + ": " + parsed.Diagnostic);
            var trace = PacketTracer.Trace(policy, parsed.Packet!);
            var holding = outcomes.Where(o => o.Region.Contains(packet)).ToArray();
            Assert.That(holding, Is.Not.Empty, text);
            var symbolic = holding.Select(o => Verdict(o.Verdict)).ToHashSet();
            var concrete = trace.Outcomes.Where(o => o.Probability > 0).Select(o => o.Verdict).ToHashSet();
            Assert.That(concrete.IsSubsetOf(symbolic), $"{text}: trace {string.Join(",", concrete)}, symbolic {string.Join(",", symbolic)}");
            if (holding.Length == 1 && !holding[0].Uncertain)
            {
                Assert.That(concrete, Is.EquivalentTo(symbolic), text);
                var destination = trace.Outcomes.Single().Destination + ":" + trace.Outcomes.Single().DestinationPort;
                if (holding[0].Nat.FirstOrDefault(n => n.Description.StartsWith("DNAT ", System.StringComparison.Ordinal)) is { } dnat)
                {
                    Assert.That(dnat.Description, Is.EqualTo("DNAT " + destination), text);
                }
                compared++;
            }
        }
        // A service's addrtype match (NodePorts) leaves every packet of a cluster node uncertain.
        bool services = policy.Intents.OfType<Model.Intents.ServiceIntent>().Any();
        Assert.That(compared, services ? Is.GreaterThanOrEqualTo(0) : Is.GreaterThan(20), "certain outcomes compared");
    }

    private static TraceVerdict Verdict(FinalVerdict verdict) => verdict switch
    {
        FinalVerdict.Accept => TraceVerdict.Accepted,
        FinalVerdict.Drop => TraceVerdict.Dropped,
        _ => TraceVerdict.Rejected,
    };

    private static IEnumerable<Packet> Packets(PacketUniverse universe)
    {
        string[] sources = { "203.0.113.5", "192.168.1.7", "10.0.0.9", "10.244.1.10" };
        // Not a DNAT target: the trace takes the packet's own destination as a local address, so a packet sent to
        // the address it is DNATed to would be delivered locally there, and forwarded here.
        string[] destinations = { "198.51.100.10", "10.96.0.10", "10.96.0.20", "192.0.2.1" };
        int[] ports = { 22, 80, 443, 2222, 3306, 8080, 8125, 9000, 30080 };
        string[] interfaces = { "eth0", "wan0", "lan0", "lo" };
        foreach (int protocol in new[] { ProtocolNumbers.Tcp, ProtocolNumbers.Udp })
        {
            foreach (string source in sources)
            {
                foreach (string destination in destinations)
                {
                    foreach (int port in ports)
                    {
                        foreach (string name in interfaces)
                        {
                            AddressRanges.TryParse(source, out _, out var s);
                            AddressRanges.TryParse(destination, out _, out var d);
                            yield return new Packet(IpFamily.IPv4, new System.Numerics.BigInteger[]
                            {
                                protocol, s, d, 40000, port, universe.Interfaces.SymbolOf(name), 0,
                                ConntrackEncoding.Encode(Model.Values.ConntrackStates.New), universe.Marks.SymbolOf(0),
                            });
                        }
                    }
                }
            }
        }
    }
}
