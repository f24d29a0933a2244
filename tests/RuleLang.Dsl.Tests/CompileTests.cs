using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;

namespace RuleLang.Dsl.Tests;

/// <summary>
/// What the types must refuse. Each case pairs a forbidden snippet, whose last line must fail to compile, with
/// the nearest valid one, which must compile cleanly; so a case fails if the DSL lets the bad one through and
/// also if it refuses for a reason unrelated to the rule (a typo, a missing overload).
/// </summary>
public sealed class CompileTests
{
    private static readonly (string Name, string Bad, string Good)[] Cases =
    {
        ("DNAT in filter", "p.Filter.Input.Rule().Dnat(\"10.0.0.2\");", "p.Nat.Prerouting.Rule().Dnat(\"10.0.0.2\");"),
        ("DNAT in mangle", "p.Mangle.Prerouting.Tcp().Dnat(\"10.0.0.2\", 80);", "p.Nat.Prerouting.Tcp().Dnat(\"10.0.0.2\", 80);"),
        ("DNAT in nat POSTROUTING", "p.Nat.Postrouting.Rule().Dnat(\"10.0.0.2\");", "p.Nat.Output.Rule().Dnat(\"10.0.0.2\");"),
        ("DNAT in nat INPUT", "p.Nat.Input.Tcp().Dnat(\"10.0.0.2\", 80);", "p.Nat.Output.Tcp().Dnat(\"10.0.0.2\", 80);"),
        ("DNAT to a port without protocol", "p.Nat.Prerouting.Rule().Dnat(\"10.0.0.2\", 80);", "p.Nat.Prerouting.Sctp().Dnat(\"10.0.0.2\", 80);"),
        ("DNAT to a port range for icmp", "p.Nat.Prerouting.Icmp().Dnat(\"10.0.0.2\", new PortSpan(80, 90));", "p.Nat.Prerouting.Udp().Dnat(\"10.0.0.2\", new PortSpan(80, 90));"),
        ("REDIRECT in nat INPUT", "p.Nat.Input.Tcp().Redirect(8080);", "p.Nat.Prerouting.Tcp().Redirect(8080);"),
        ("REDIRECT in nat POSTROUTING", "p.Nat.Postrouting.Udp().Redirect(8080);", "p.Nat.Output.Udp().Redirect(8080);"),
        ("REDIRECT in filter", "p.Filter.Input.Tcp().Redirect(8080);", "p.Nat.Output.Tcp().Redirect(8080);"),
        ("REDIRECT without protocol", "p.Nat.Prerouting.Rule().Redirect(8080);", "p.Nat.Prerouting.Tcp().Redirect(8080);"),
        ("MASQUERADE in PREROUTING", "p.Nat.Prerouting.Rule().Masquerade();", "p.Nat.Postrouting.Rule().Masquerade();"),
        ("MASQUERADE in OUTPUT", "p.Nat.Output.Rule().Masquerade();", "p.Nat.Postrouting.Rule().Masquerade(randomFully: true);"),
        ("MASQUERADE in INPUT", "p.Nat.Input.Rule().Masquerade();", "p.Nat.Postrouting.Rule().Masquerade();"),
        ("MASQUERADE in mangle", "p.Mangle.Postrouting.Rule().Masquerade();", "p.Nat.Postrouting.Rule().Masquerade();"),
        ("MASQUERADE to ports without protocol", "p.Nat.Postrouting.Rule().Masquerade(new PortSpan(1024, 2048));", "p.Nat.Postrouting.Tcp().Masquerade(new PortSpan(1024, 2048));"),
        ("SNAT in PREROUTING", "p.Nat.Prerouting.Rule().Snat(\"192.0.2.1\");", "p.Nat.Postrouting.Rule().Snat(\"192.0.2.1\");"),
        ("SNAT in OUTPUT", "p.Nat.Output.Tcp().Snat(\"192.0.2.1\", 1024);", "p.Nat.Input.Tcp().Snat(\"192.0.2.1\", 1024);"),
        ("SNAT in filter", "p.Filter.Output.Rule().Snat(\"192.0.2.1\");", "p.Nat.Input.Rule().Snat(\"192.0.2.1\");"),
        ("SNAT to a port without protocol", "p.Nat.Postrouting.Rule().Snat(\"192.0.2.1\", 1024);", "p.Nat.Postrouting.Udp().Snat(\"192.0.2.1\", 1024);"),
        ("REJECT in mangle", "p.Mangle.Input.Rule().Reject();", "p.Filter.Input.Rule().Reject();"),
        ("REJECT in raw", "p.Raw.Prerouting.Rule().Reject(RejectWith.HostUnreachable);", "p.Filter.Forward.Rule().Reject(RejectWith.HostUnreachable);"),
        ("REJECT in nat", "p.Nat.Output.Tcp().Reject(RejectWith.TcpReset);", "p.Filter.Output.Tcp().Reject(with: RejectWith.TcpReset);"),
        ("REJECT in security", "p.Security.Input.Rule().Reject();", "p.Filter.Input.Rule().Reject();"),
        ("NOTRACK in filter", "p.Filter.Input.Rule().Notrack();", "p.Raw.Prerouting.Rule().Notrack();"),
        ("NOTRACK in mangle", "p.Mangle.Output.Udp().Notrack();", "p.Raw.Output.Udp().Notrack();"),
        ("DSCP in filter", "p.Filter.Forward.Rule().Dscp(46);", "p.Mangle.Forward.Rule().Dscp(46);"),
        ("DSCP in raw", "p.Raw.Output.Rule().Dscp(46);", "p.Mangle.Output.Rule().Dscp(46);"),
        ("InInterface in filter OUTPUT", "p.Filter.Output.Rule().InInterface(\"eth0\").Accept();", "p.Filter.Input.Rule().InInterface(\"eth0\").Accept();"),
        ("InInterface in nat POSTROUTING", "p.Nat.Postrouting.Rule().InInterface(\"eth0\").Masquerade();", "p.Nat.Prerouting.Rule().InInterface(\"eth0\").Accept();"),
        ("InInterface in raw OUTPUT after a port", "p.Raw.Output.Tcp().DestinationPort(22).InInterface(\"eth0\").Notrack();", "p.Raw.Prerouting.Tcp().DestinationPort(22).InInterface(\"eth0\").Notrack();"),
        ("InInterface in mangle POSTROUTING", "p.Mangle.Postrouting.Rule().Source(\"10.0.0.0/8\").InInterface(\"eth0\").Accept();", "p.Mangle.Forward.Rule().Source(\"10.0.0.0/8\").InInterface(\"eth0\").Accept();"),
        ("OutInterface in nat PREROUTING", "p.Nat.Prerouting.Rule().OutInterface(\"eth1\").Accept();", "p.Nat.Postrouting.Rule().OutInterface(\"eth1\").Accept();"),
        ("OutInterface in raw PREROUTING", "p.Raw.Prerouting.Rule().OutInterface(\"eth1\").Notrack();", "p.Raw.Output.Rule().OutInterface(\"eth1\").Notrack();"),
        ("OutInterface in filter INPUT", "p.Filter.Input.Rule().OutInterface(\"eth1\").Accept();", "p.Filter.Output.Rule().OutInterface(\"eth1\").Accept();"),
        ("OutInterface in mangle INPUT", "p.Mangle.Input.Udp().OutInterface(\"eth1\").Accept();", "p.Mangle.Forward.Udp().OutInterface(\"eth1\").Accept();"),
        ("DestinationPort without protocol", "p.Filter.Input.Rule().DestinationPort(22).Accept();", "p.Filter.Input.Tcp().DestinationPort(22).Accept();"),
        ("SourcePort after a generic match", "p.Filter.Input.Rule().Source(\"10.0.0.1\").SourcePort(53).Accept();", "p.Filter.Input.Udp().Source(\"10.0.0.1\").SourcePort(53).Accept();"),
        ("DestinationPorts for icmp", "p.Filter.Input.Icmp().DestinationPorts(80, 443).Accept();", "p.Filter.Input.Tcp().DestinationPorts(80, 443).Accept();"),
        ("DestinationPortRange for icmpv6", "p.Filter.Input.Icmpv6().DestinationPortRange(1000, 2000).Accept();", "p.Filter.Input.Sctp().DestinationPortRange(1000, 2000).Accept();"),
        ("DestinationPort for a protocol given as a value", "p.Filter.Input.Protocol(Protocol.Tcp).DestinationPort(22).Accept();", "p.Filter.Input.Protocol(Protocol.Tcp).Accept();"),
        ("ICMP type for tcp", "p.Filter.Input.Tcp().IcmpType(IcmpType.EchoRequest).Accept();", "p.Filter.Input.Icmp().IcmpType(IcmpType.EchoRequest).Accept();"),
        ("ICMPv6 name for icmp", "p.Filter.Input.Icmp().IcmpType(Icmpv6Type.EchoRequest).Accept();", "p.Filter.Input.Icmpv6().Icmpv6Type(Icmpv6Type.EchoRequest).Accept();"),
        ("jump from filter to a nat user chain", "var chain = p.Nat.Chain(\"SVC\");\np.Filter.Input.Rule().Jump(chain);", "var chain = p.Filter.Chain(\"SVC\");\np.Filter.Input.Rule().Jump(chain);"),
        ("goto from nat to a filter user chain", "var chain = p.Filter.Chain(\"SVC\");\np.Nat.Prerouting.Tcp().Goto(chain);", "var chain = p.Nat.Chain(\"SVC\");\np.Nat.Prerouting.Tcp().Goto(chain);"),
        ("jump to a built-in chain", "p.Filter.Input.Rule().Jump(p.Filter.Output);", "p.Filter.Input.Rule().Jump(p.Filter.Chain(\"OUT\"));"),
        ("policy on a user chain", "p.Filter.Chain(\"LOG-DROP\").Policy(Verdict.Drop);", "p.Filter.Input.Policy(Verdict.Drop);"),
        ("built-in chain the table lacks", "p.Filter.Prerouting.Rule().Accept();", "p.Mangle.Prerouting.Rule().Accept();"),
        ("DNAT in a filter user chain", "p.Filter.Chain(\"X\").Tcp().Dnat(\"10.0.0.2\", 80);", "p.Nat.Chain(\"X\").Tcp().Dnat(\"10.0.0.2\", 80);"),
        ("REJECT in a nat user chain", "p.Nat.Chain(\"X\").Rule().Reject();", "p.Filter.Chain(\"X\").Rule().Reject();"),
    };

    private static IEnumerable<TestCaseData> Forbidden() =>
        Cases.Select(c => new TestCaseData(c.Bad).SetName("Refuses " + c.Name));

    private static IEnumerable<TestCaseData> Allowed() =>
        Cases.Select(c => new TestCaseData(c.Good).SetName("Allows the valid counterpart of " + c.Name));

    [TestCaseSource(nameof(Forbidden))]
    public void Forbidden_construct_does_not_compile(string statements)
    {
        int lastLine = statements.Count(c => c == '\n') + 1;

        var errors = SnippetCompiler.Errors(statements);
        TestContext.Out.WriteLine(string.Join("\n", errors));

        Assert.That(errors, Is.Not.Empty, "the forbidden construct compiled");
        Assert.That(errors.Select(e => e.Line), Is.All.EqualTo(lastLine), string.Join("\n", errors));
    }

    [TestCaseSource(nameof(Allowed))]
    public void Valid_counterpart_compiles(string statements)
    {
        Assert.That(SnippetCompiler.Errors(statements), Is.Empty);
    }

    [Test]
    public void User_chains_offer_everything_their_table_allows()
    {
        const string statements =
            "var svc = p.Nat.Chain(\"SVC\");\n" +
            "svc.Rule().InInterface(\"eth0\").OutInterface(\"eth1\").Masquerade();\n" +
            "svc.Tcp().DestinationPort(80).Dnat(\"10.0.0.2\", 8080);\n" +
            "svc.Udp().Redirect(5353);\n" +
            "svc.Rule().Snat(\"192.0.2.1\");\n" +
            "p.Raw.Chain(\"NT\").Rule().Notrack();\n" +
            "p.Mangle.Chain(\"QOS\").Rule().Dscp(10);\n" +
            "p.Filter.Chain(\"REJ\").Tcp().Reject(RejectWith.TcpReset);\n";

        Assert.That(SnippetCompiler.Errors(statements), Is.Empty);
    }

    [Test]
    public void The_design_sketch_compiles()
    {
        const string statements = """
            var filter = p.Filter;
            filter.Input.Policy(Verdict.Drop);
            filter.Input.Rule().InInterface("lo").Accept();
            filter.Input.Rule().State(ConntrackStates.Established | ConntrackStates.Related).Accept();
            filter.Input.Tcp().DestinationPort(22).Source("192.168.1.0/24").Comment("ssh from the LAN").Accept();
            filter.Input.Tcp().DestinationPorts(80, 443).Accept();
            filter.Input.Udp().DestinationPorts(new PortSpan(1000, 2000)).Accept();
            filter.Input.Udp().DestinationPortRange(1000, 2000).Accept();
            filter.Input.Icmp().IcmpType(IcmpType.EchoRequest).Limit(5, RateUnit.Second).Accept();
            var logDrop = filter.Chain("LOG-DROP");
            logDrop.Rule().Log(prefix: "drop: ");
            logDrop.Rule().Drop();
            filter.Input.Rule().Jump(logDrop);
            filter.Forward.Rule().Goto(logDrop);
            p.Nat.Prerouting.Tcp().DestinationPort(80).Redirect(8080);
            p.Nat.Postrouting.Rule().OutInterface("eth1").Masquerade();
            p.Raw.Prerouting.Udp().DestinationPort(53).Notrack();
            p.Mangle.Forward.Tcp().DestinationPort(22).Dscp(0x2e);
            p.Mangle.Prerouting.Rule().Mark(0x1).SetMark(0x2);
            p.Mangle.Prerouting.Rule().Connmark(ConnmarkMode.Restore);
            p.Filter.Forward.Rule().SourceAddressType(AddressType.Local).Random(0.5).Nth(2).Return();
            p.RedirectPort(Protocol.Tcp, from: 80, to: 8080);
            p.ForwardPort(Protocol.Tcp, port: 8022, to: "10.0.0.2", toPort: 22, inInterface: "eth0");
            p.Masquerade(outInterface: "eth1", source: "10.0.0.0/24");
            p.Service("default", "web", "http", Protocol.Tcp, clusterIp: "10.96.0.10", port: 80, nodePort: 30080,
                      endpoints: new[] { ("10.0.0.174", 80), ("10.0.0.97", 80) });
            p.ClusterCidr("10.244.0.0/16"); p.MasqueradeBit(14);
            """;

        Assert.That(SnippetCompiler.Errors(statements), Is.Empty);
    }
}
