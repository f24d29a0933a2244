using System;
using System.Collections.Generic;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;

namespace RuleLang.KernelTests;

/// <summary>
/// The committed web-server.nft, alone (no iptables rules), on the topology of <see cref="WebServerTrafficTests"/>:
/// it must behave as the iptables and ip6tables rulesets do there, for IPv4 and IPv6 from one inet table.
/// </summary>
[TestFixture]
public sealed class NftWebServerTrafficTests : KernelTestBase
{
    private const string LanClientV4 = "192.168.1.10";
    private const string LanServerV4 = "192.168.1.1";
    private const string LanClientV6 = "2001:db8:1::10";
    private const string LanServerV6 = "2001:db8:1::1";
    private const string OutsideClientV4 = "203.0.113.10";
    private const string OutsideServerV4 = "203.0.113.1";
    private const string OutsideClientV6 = "2001:db8:9::10";
    private const string OutsideServerV6 = "2001:db8:9::1";

    private static readonly TimeSpan DropWait = TimeSpan.FromSeconds(1.5);

    private readonly List<TrafficServer> _servers = new();
    private NetNamespace _lan = null!;
    private NetNamespace _outside = null!;
    private string _script = "";

    [SetUp]
    public void BuildTopology()
    {
        NetNamespace server = CreateNamespace("server");
        _lan = CreateNamespace("lan");
        _outside = CreateNamespace("outside");
        Topology.Connect(_lan, new[] { LanClientV4 + "/24", LanClientV6 + "/64" }, server, new[] { LanServerV4 + "/24", LanServerV6 + "/64" });
        Topology.Connect(_outside, new[] { OutsideClientV4 + "/24", OutsideClientV6 + "/64" }, server, new[] { OutsideServerV4 + "/24", OutsideServerV6 + "/64" });
        _servers.Add(Traffic.StartTcpServer(server, "::", 22, "ssh"));
        _servers.Add(Traffic.StartTcpServer(server, "::", 443, "https"));
        _servers.Add(Traffic.StartTcpServer(server, "::", 8080, "app"));

        _script = ExampleRulesets.Read("WebServer", "web-server.nft");
        server.LoadNft(_script).EnsureSuccess("loading web-server.nft");
    }

    [TearDown]
    public void StopServers()
    {
        foreach (TrafficServer s in _servers)
        {
            s.Dispose();
        }
        _servers.Clear();
    }

    [TestCase(LanServerV4)]
    [TestCase(LanServerV6)]
    public void Ssh_from_the_office_lan_is_accepted(string server) => ExpectConnected(_lan, server, 22, "ssh");

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    public void Ssh_from_outside_is_dropped(string server) => ExpectDropped(_outside, server, 22);

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    public void Https_is_open_to_outside(string server) => ExpectConnected(_outside, server, 443, "https");

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    public void Port_80_reaches_the_application_on_8080(string server) => ExpectConnected(_outside, server, 80, "app");

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    public void Port_8080_itself_is_closed_to_outside(string server) => ExpectDropped(_outside, server, 8080);

    [Test]
    public void Ping_is_answered_for_both_families()
    {
        Assert.That(Traffic.Ping(_outside, OutsideServerV4), Is.True, "icmp type echo-request is accepted\n" + _script);
        Assert.That(Traffic.Ping(_outside, OutsideServerV6), Is.True, "ICMPv6 is accepted\n" + _script);
    }

    private void ExpectConnected(NetNamespace client, string server, int port, string reply)
    {
        ConnectOutcome outcome = Traffic.TryConnect(client, server, port);
        Assert.That(outcome, Is.EqualTo(ConnectOutcome.Connected(reply)), $"{client.Name} → [{server}]:{port} should reach '{reply}'.\n{_script}");
    }

    private void ExpectDropped(NetNamespace client, string server, int port)
    {
        ConnectOutcome outcome = Traffic.TryConnect(client, server, port, DropWait);
        Assert.That(outcome.Status, Is.EqualTo(ConnectStatus.TimedOut), $"{client.Name} → [{server}]:{port} gave {outcome}; expected a silent drop.\n{_script}");
    }
}
