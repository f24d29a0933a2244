using System.Net;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Tests.Trace;

public class PacketParserTests
{
    [Test]
    public void Reads_the_issues_example()
    {
        var p = TraceModel.Packet("tcp 203.0.113.5:40000 -> 10.102.84.62:80 iif eth0");
        Assert.That((p.Protocol, p.Source, p.SourcePort, p.Destination, p.DestinationPort, p.InInterface, p.State),
            Is.EqualTo((Protocol.Tcp, IPAddress.Parse("203.0.113.5"), (int?)40000, IPAddress.Parse("10.102.84.62"), (int?)80, "eth0", ConntrackStates.New)));
        Assert.That(p.FromLocal, Is.False);
    }

    [Test]
    public void Reads_ipv6_icmp_local_state_mark_and_oif()
    {
        var v6 = TraceModel.Packet("udp [2001:db8::1]:5353 -> [2001:db8::2]:53 iif wan0 oif lan0 state established,dnat mark 0x10");
        Assert.That(v6.Family, Is.EqualTo(IpFamily.IPv6));
        Assert.That((v6.SourcePort, v6.DestinationPort, v6.OutInterface, v6.State, v6.Mark),
            Is.EqualTo(((int?)5353, (int?)53, "lan0", ConntrackStates.Established | ConntrackStates.Dnat, 0x10u)));

        var ping = TraceModel.Packet("icmp 10.0.0.1 -> 10.0.0.2 from local type echo-reply");
        Assert.That((ping.Protocol, ping.IcmpType, ping.FromLocal, ping.InInterface), Is.EqualTo((Protocol.Icmp, (int?)0, true, (string?)null)));

        var ping6 = TraceModel.Packet("icmp 2001:db8::1 -> 2001:db8::2 iif eth0");
        Assert.That((ping6.Protocol, ping6.IcmpType), Is.EqualTo((Protocol.Icmpv6, (int?)128)), "icmp with IPv6 addresses is ICMPv6, an echo request unless told");

        var noSourcePort = TraceModel.Packet("tcp 10.0.0.1->10.0.0.2:22 iif eth0");
        Assert.That(noSourcePort.SourcePort, Is.EqualTo(PacketSpec.DefaultSourcePort));
    }

    [TestCase("tcp 10.0.0.1:1 -> 10.0.0.2:22", 30, "say where the packet comes from")]
    [TestCase("tpc 10.0.0.1:1 -> 10.0.0.2:22 iif eth0", 1, "'tpc' is not a protocol")]
    [TestCase("tcp 10.0.0.1:1 10.0.0.2:22 iif eth0", 16, "expected '->'")]
    [TestCase("tcp 10.0.0.1:1 -> 10.0.0.300:22 iif eth0", 19, "'10.0.0.300' is not an address")]
    [TestCase("tcp 10.0.0.1:1 -> 10.0.0.2:70000 iif eth0", 28, "'70000' is not a port")]
    [TestCase("tcp 10.0.0.1:1 -> 10.0.0.2 iif eth0", 19, "tcp needs a destination port")]
    [TestCase("icmp 10.0.0.1:1 -> 10.0.0.2 iif eth0", 6, "icmp has no ports")]
    [TestCase("tcp 10.0.0.1:1 -> [2001:db8::1]:22 iif eth0", 19, "not of the source address's family")]
    [TestCase("tcp 10.0.0.1:1 -> 10.0.0.2:22 iif eth0 state sleepy", 46, "'sleepy' is not a conntrack state")]
    [TestCase("tcp 10.0.0.1:1 -> 10.0.0.2:22 iif eth0 colour red", 40, "unknown word 'colour'")]
    [TestCase("tcp 10.0.0.1:1 -> 10.0.0.2:22 iif eth0 iif eth1", 40, "'iif' is given twice")]
    [TestCase("tcp 10.0.0.1:1 -> 10.0.0.2:22 iif", 34, "expected an interface name after iif at the end")]
    [TestCase("icmp 10.0.0.1 -> 10.0.0.2 iif eth0 type echo-sideways", 41, "not an ICMP type name")]
    [TestCase("tcp 10.0.0.0/8:1 -> 10.0.0.2:22 iif eth0", 5, "is a network")]
    [TestCase("", 1, "expected a protocol")]
    public void Bad_text_is_a_diagnostic_at_its_column(string text, int column, string message)
    {
        var result = PacketParser.Parse(text, "--packet");

        Assert.That(result.Packet, Is.Null);
        Assert.That(result.Diagnostic!.Id, Is.EqualTo("RL0601"));
        Assert.That(result.Diagnostic.Location.Column, Is.EqualTo(column), result.Diagnostic.ToString());
        Assert.That(result.Diagnostic.Message, Does.Contain(message));
        Assert.That(result.Diagnostic.ToString(), Does.StartWith($"--packet(1,{column}): error RL0601: "));
    }

    [Test]
    public void Garbage_never_throws()
    {
        string[] pieces = { "tcp", "udp", "icmp", "->", "[", "]", ":", "::", "1.2.3.4", "[::1]:", "iif", "state", "mark", "0x", "type", "code", "from", "local", " ", "99999", "-", ">" };
        var random = new System.Random(7);
        for (int i = 0; i < 3000; i++)
        {
            var text = new System.Text.StringBuilder();
            int n = random.Next(0, 10);
            for (int k = 0; k < n; k++)
            {
                text.Append(pieces[random.Next(pieces.Length)]).Append(random.Next(3) == 0 ? "" : " ");
            }
            var result = PacketParser.Parse(text.ToString());
            Assert.That(result.Packet is null != (result.Diagnostic is null), Is.True, text.ToString());
        }
    }
}
