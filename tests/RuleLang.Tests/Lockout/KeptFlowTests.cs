using System.Net;
using NUnit.Framework;
using RuleLang.Analysis.Lockout;
using RuleLang.Model.Netfilter;

namespace RuleLang.Tests.Lockout;

public class KeptFlowTests
{
    [Test]
    public void A_keep_without_a_client_port_means_any_port()
    {
        Assert.That(KeptFlow.TryParse("tcp 10.0.0.5 -> 10.0.0.1:22", out var flow, out string error), Is.True, error);
        Assert.That((flow.Protocol, flow.Client, flow.ClientPort, flow.Server, flow.ServerPort, flow.IsSession),
            Is.EqualTo((Protocol.Tcp, IPAddress.Parse("10.0.0.5"), (int?)null, IPAddress.Parse("10.0.0.1"), 22, true)));
        Assert.That(flow.ToString(), Is.EqualTo("tcp 10.0.0.5 -> 10.0.0.1:22"));
    }

    [Test]
    public void A_keep_reads_ipv6_with_brackets_and_a_client_port()
    {
        Assert.That(KeptFlow.TryParse("udp [2001:db8::5]:60001 -> [2001:db8::1]:60000", out var flow, out string error), Is.True, error);
        Assert.That((flow.Family, flow.ClientPort, flow.ServerPort), Is.EqualTo((IpFamily.IPv6, (int?)60001, 60000)));
        Assert.That(flow.ToString(), Is.EqualTo("udp [2001:db8::5]:60001 -> [2001:db8::1]:60000"));
    }

    [TestCase("tcp 10.0.0.5 -> 10.0.0.1", "the server '10.0.0.1' needs a port")]
    [TestCase("icmp 10.0.0.5 -> 10.0.0.1:22", "'icmp' is not a protocol with ports")]
    [TestCase("tcp 10.0.0.5 => 10.0.0.1:22", "is not a connection")]
    [TestCase("tcp 10.0.0.0/24 -> 10.0.0.1:22", "is not one IPv4 or IPv6 address")]
    [TestCase("tcp 10.0.0.5 -> 10.0.0.1:70000", "is not a port")]
    [TestCase("tcp 10.0.0.5 -> [2001:db8::1]:22", "not of one address family")]
    [TestCase("", "is not a connection")]
    public void A_bad_keep_says_why(string text, string reason)
    {
        Assert.That(KeptFlow.TryParse(text, out _, out string error), Is.False);
        Assert.That(error, Does.Contain(reason));
    }

    [Test]
    public void Ssh_connection_gives_the_session_with_its_ports()
    {
        var flow = KeptFlow.FromSshConnection("10.0.0.5 51234 10.0.0.1 22");
        Assert.That(flow, Is.Not.Null);
        Assert.That((flow!.Protocol, flow.ClientPort, flow.ServerPort, flow.Origin, flow.IsSession), Is.EqualTo((Protocol.Tcp, (int?)51234, 22, "SSH_CONNECTION", true)));
    }

    [Test]
    public void Ssh_connection_over_ipv6_and_ipv4_mapped_addresses()
    {
        Assert.That(KeptFlow.FromSshConnection("2001:db8::5 51234 2001:db8::1 22")!.Family, Is.EqualTo(IpFamily.IPv6));
        var mapped = KeptFlow.FromSshConnection("::ffff:10.0.0.5 51234 ::ffff:10.0.0.1 22")!;
        Assert.That((mapped.Family, mapped.Client), Is.EqualTo((IpFamily.IPv4, IPAddress.Parse("10.0.0.5"))));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("10.0.0.5 51234 10.0.0.1")]
    [TestCase("10.0.0.5 x 10.0.0.1 22")]
    [TestCase("10.0.0.5 51234 2001:db8::1 22")]
    [TestCase("10.0.0.5 51234 10.0.0.1 22; rm -rf /")]
    public void A_bad_ssh_connection_gives_nothing(string? value)
    {
        Assert.That(KeptFlow.FromSshConnection(value), Is.Null);
    }
}
