using System;
using System.Diagnostics;
using System.Linq;
using NUnit.Framework;
using RuleLang.KernelTests.Harness;

namespace RuleLang.KernelTests.HarnessTests;

[TestFixture]
public sealed class TrafficTests : KernelTestBase
{
    private NetNamespace _client = null!;
    private NetNamespace _server = null!;

    [SetUp]
    public void Connect()
    {
        _client = CreateNamespace("client");
        _server = CreateNamespace("server");
        Topology.Connect(_client, new[] { "10.0.1.1/24", "fd00:1::1/64" }, _server, new[] { "10.0.1.2/24", "fd00:1::2/64" });
    }

    [Test]
    public void Tcp_connect_over_veth_receives_the_reply()
    {
        using TrafficServer server = Traffic.StartTcpServer(_server, "10.0.1.2", 8080, "hello from server");
        ConnectOutcome outcome = Traffic.TryConnect(_client, "10.0.1.2", 8080);
        Assert.That(outcome, Is.EqualTo(ConnectOutcome.Connected("hello from server")));
    }

    [Test]
    public void Reply_with_shell_and_socat_metacharacters_survives()
    {
        const string reply = "it's a \"test\", with: $HOME & `x` ;!";
        using TrafficServer server = Traffic.StartTcpServer(_server, "0.0.0.0", 8081, reply);
        Assert.That(Traffic.TryConnect(_client, "10.0.1.2", 8081).Reply, Is.EqualTo(reply));
    }

    [Test]
    public void Tcp_connect_without_server_is_refused()
    {
        ConnectOutcome outcome = Traffic.TryConnect(_client, "10.0.1.2", 9);
        Assert.That(outcome.Status, Is.EqualTo(ConnectStatus.Refused), outcome.ToString());
    }

    [Test]
    public void Udp_round_trip()
    {
        using TrafficServer server = Traffic.StartUdpServer(_server, "10.0.1.2", 5353, "udp-server");
        // Waiting up to ReplyWait for the reply, the client must end well before it: the empty end-of-reply datagram
        // ends it, not its timeout (a bound in absolute time would race on a loaded machine).
        var sw = Stopwatch.StartNew();
        Assert.That(Traffic.UdpRequest(_client, "10.0.1.2", 5353, Traffic.ReplyWait), Is.EqualTo(ConnectOutcome.Connected("udp-server")));
        Assert.That(sw.Elapsed, Is.LessThan(Traffic.ReplyWait / 2), "the empty end-of-reply datagram ends the client, not its timeout");
    }

    [Test]
    public void Udp_to_closed_port_is_refused()
    {
        ConnectOutcome outcome = Traffic.UdpRequest(_client, "10.0.1.2", 5354);
        Assert.That(outcome.Status, Is.EqualTo(ConnectStatus.Refused), outcome.ToString());
    }

    [Test]
    public void Ping_over_veth()
    {
        Assert.That(Traffic.Ping(_client, "10.0.1.2"), Is.True);
        Assert.That(Traffic.Ping(_client, "10.0.1.1"), Is.True, "own address");
        Assert.That(Traffic.Ping(_client, "10.0.1.99", TimeSpan.FromMilliseconds(500)), Is.False, "nobody there");
    }

    [Test]
    public void Ipv6_tcp_udp_and_ping()
    {
        using TrafficServer tcp = Traffic.StartTcpServer(_server, "fd00:1::2", 8080, "tcp6");
        using TrafficServer udp = Traffic.StartUdpServer(_server, "fd00:1::2", 5353, "udp6");
        Assert.That(Traffic.TryConnect(_client, "fd00:1::2", 8080), Is.EqualTo(ConnectOutcome.Connected("tcp6")));
        Assert.That(Traffic.UdpRequest(_client, "fd00:1::2", 5353, Traffic.ReplyWait), Is.EqualTo(ConnectOutcome.Connected("udp6")));
        Assert.That(Traffic.Ping(_client, "fd00:1::2"), Is.True);
        Assert.That(Traffic.Ping(_client, "::1"), Is.True);
        Assert.That(Traffic.TryConnect(_client, "fd00:1::2", 9).Status, Is.EqualTo(ConnectStatus.Refused));
    }

    [Test]
    public void ConnectMany_returns_one_reply_per_connection()
    {
        using TrafficServer server = Traffic.StartTcpServer(_server, "10.0.1.2", 8080, "srv");
        var sw = Stopwatch.StartNew();
        var outcomes = Traffic.ConnectMany(_client, "10.0.1.2", 8080, 50, TimeSpan.FromSeconds(2));
        TestContext.Out.WriteLine($"50 connections in {sw.ElapsedMilliseconds} ms");
        Assert.That(outcomes, Has.Count.EqualTo(50));
        Assert.That(outcomes.Select(o => o.Reply), Is.All.EqualTo("srv"));
        Assert.That(Traffic.CountByReply(outcomes), Is.EqualTo(new System.Collections.Generic.Dictionary<string, int> { ["srv"] = 50 }));
    }

    [Test]
    public void ConnectMany_300_connections_none_waiting_for_its_timeout()
    {
        using TrafficServer server = Traffic.StartTcpServer(_server, "10.0.1.2", 8080, "srv");
        var sw = Stopwatch.StartNew();
        var outcomes = Traffic.ConnectMany(_client, "10.0.1.2", 8080, 300);
        TestContext.Out.WriteLine($"300 connections in {sw.ElapsedMilliseconds} ms");
        Assert.That(outcomes.Count(o => o.Reply == "srv"), Is.EqualTo(300));
        // Not a speed bound (CI machines are loaded): one connection waiting out its timeout would take 2 s, so
        // 300 in well under 300 × 2 s show that none of them did.
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(120)));
    }

    [Test]
    public void UdpRequestMany_counts_replies()
    {
        using TrafficServer server = Traffic.StartUdpServer(_server, "10.0.1.2", 5353, "u");
        var outcomes = Traffic.UdpRequestMany(_client, "10.0.1.2", 5353, 20, Traffic.ReplyWait);
        Assert.That(Traffic.CountByReply(outcomes), Is.EqualTo(new System.Collections.Generic.Dictionary<string, int> { ["u"] = 20 }));
    }

    [Test]
    public void Routed_through_a_forwarding_namespace_to_a_dummy_address()
    {
        // client -- router -- far, with service addresses 198.51.100.7 / 2001:db8:7::7 on a dummy interface of far.
        NetNamespace router = CreateNamespace("router");
        NetNamespace far = CreateNamespace("far");
        NetNamespace client = CreateNamespace("c2");
        Topology.Connect(client, new[] { "10.0.5.1/24", "fd00:5::1/64" }, router, new[] { "10.0.5.254/24", "fd00:5::254/64" });
        Topology.Connect(router, new[] { "10.0.3.1/24", "fd00:3::1/64" }, far, new[] { "10.0.3.2/24", "fd00:3::2/64" });
        Topology.AddDummy(far, "198.51.100.7/32", "2001:db8:7::7/128");
        Topology.AddDefaultRoute(client, "10.0.5.254");
        Topology.AddDefaultRoute(client, "fd00:5::254");
        Topology.AddDefaultRoute(far, "10.0.3.1");
        Topology.AddDefaultRoute(far, "fd00:3::1");
        Topology.AddRoute(router, "198.51.100.7/32", "10.0.3.2");
        Topology.AddRoute(router, "2001:db8:7::7/128", "fd00:3::2");

        using TrafficServer server = Traffic.StartTcpServer(far, "198.51.100.7", 80, "far");
        using TrafficServer server6 = Traffic.StartTcpServer(far, "2001:db8:7::7", 80, "far6");
        Assert.That(Traffic.TryConnect(client, "198.51.100.7", 80, TimeSpan.FromSeconds(1)).Status, Is.EqualTo(ConnectStatus.TimedOut),
            "no forwarding yet: the router drops the packet");
        router.EnableForwarding();
        Assert.That(Traffic.TryConnect(client, "198.51.100.7", 80), Is.EqualTo(ConnectOutcome.Connected("far")));
        Assert.That(Traffic.TryConnect(client, "2001:db8:7::7", 80), Is.EqualTo(ConnectOutcome.Connected("far6")));
        Assert.That(Traffic.Ping(client, "198.51.100.7"), Is.True);
        Assert.That(Traffic.Ping(client, "2001:db8:7::7"), Is.True);
    }
}
