using System;
using System.Collections.Generic;
using NUnit.Framework;
using RuleLang.Examples.WebServer;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;

namespace RuleLang.KernelTests;

/// <summary>
/// The committed web-server rulesets (IPv4 and IPv6) on a host with an office LAN side and an outside side:
/// real connections prove SSH is LAN-only, HTTPS is open, port 80 reaches the application on 8080 while 8080
/// itself stays closed, and everything else is silently dropped.
/// </summary>
[TestFixture]
public sealed class WebServerTrafficTests : KernelTestBase
{
    private const string LanClientV4 = "192.168.1.10";
    private const string LanServerV4 = "192.168.1.1";
    private const string LanClientV6 = "2001:db8:1::10";
    private const string LanServerV6 = "2001:db8:1::1";
    private const string OutsideClientV4 = "203.0.113.10";
    private const string OutsideServerV4 = "203.0.113.1";
    private const string OutsideClientV6 = "2001:db8:9::10";
    private const string OutsideServerV6 = "2001:db8:9::1";

    /// <summary>A dropped connection is reported TimedOut after this long; accepted ones answer in milliseconds.</summary>
    private static readonly TimeSpan DropWait = TimeSpan.FromSeconds(1.5);

    private readonly List<TrafficServer> _servers = new();
    private NetNamespace _server = null!;
    private NetNamespace _lan = null!;
    private NetNamespace _outside = null!;
    private string _rulesetV4 = "";
    private string _rulesetV6 = "";

    [SetUp]
    public void BuildTopology()
    {
        _server = CreateNamespace("server");
        _lan = CreateNamespace("lan");
        _outside = CreateNamespace("outside");
        Topology.Connect(_lan, new[] { LanClientV4 + "/24", LanClientV6 + "/64" }, _server, new[] { LanServerV4 + "/24", LanServerV6 + "/64" });
        Topology.Connect(_outside, new[] { OutsideClientV4 + "/24", OutsideClientV6 + "/64" }, _server, new[] { OutsideServerV4 + "/24", OutsideServerV6 + "/64" });

        // Dual-stack listeners ("::" also takes IPv4), started before the rules so readiness probes are not filtered.
        _servers.Add(Traffic.StartTcpServer(_server, "::", 22, "ssh"));
        _servers.Add(Traffic.StartTcpServer(_server, "::", 443, "https"));
        _servers.Add(Traffic.StartTcpServer(_server, "::", 8080, "app"));
        _servers.Add(Traffic.StartTcpServer(_server, "::", 3306, "mysql"));

        _rulesetV4 = ExampleRulesets.Read("WebServer", "web-server.iptables");
        _rulesetV6 = ExampleRulesets.Read("WebServer", "web-server.ip6tables");
        KernelRulesets.ApplyAndSave(_server, _rulesetV4, IpFamily.V4, "web-server.iptables");
        KernelRulesets.ApplyAndSave(_server, _rulesetV6, IpFamily.V6, "web-server.ip6tables");
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
    public void Ssh_from_the_office_lan_is_accepted(string server)
    {
        ExpectConnected(_lan, server, 22, "ssh", "ssh from the office LAN only");
    }

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    public void Ssh_from_outside_is_dropped(string server)
    {
        ExpectDropped(_outside, server, 22, "only the office LAN may use ssh; the INPUT policy DROP must drop, not reject");
    }

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    public void Https_is_open_to_outside(string server)
    {
        ExpectConnected(_outside, server, 443, "https", "--dport 443");
    }

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    public void Port_80_is_redirected_to_the_application_on_8080(string server)
    {
        ExpectConnected(_outside, server, 80, "app", "REDIRECT --to-ports 8080");
    }

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    public void Port_8080_itself_is_closed_to_outside(string server)
    {
        ExpectDropped(_outside, server, 8080, "only connections redirected from port 80 (--ctstate DNAT) may reach 8080");
    }

    [TestCase(OutsideServerV4)]
    [TestCase(OutsideServerV6)]
    [TestCase(LanServerV4)]
    public void Other_ports_are_dropped(string server)
    {
        NetNamespace client = server == LanServerV4 ? _lan : _outside;
        ExpectDropped(client, server, 3306, "3306 is not opened by the policy");
    }

    [Test]
    public void Ping_from_outside_is_answered()
    {
        Assert.That(Traffic.Ping(_outside, OutsideServerV4), Is.True, "ICMP echo-request is accepted (limit 10/sec)\n" + _rulesetV4);
        Assert.That(Traffic.Ping(_outside, OutsideServerV6), Is.True, "ICMPv6 is accepted\n" + _rulesetV6);
    }

    private void ExpectConnected(NetNamespace client, string server, int port, string reply, string rule)
    {
        ConnectOutcome outcome = Traffic.TryConnect(client, server, port);
        Assert.That(outcome, Is.EqualTo(ConnectOutcome.Connected(reply)),
            $"{client.Name} → [{server}]:{port} should reach the '{reply}' listener ({rule}).\n{Ruleset(server)}");
    }

    private void ExpectDropped(NetNamespace client, string server, int port, string why)
    {
        ConnectOutcome outcome = Traffic.TryConnect(client, server, port, DropWait);
        Assert.That(outcome.Status, Is.EqualTo(ConnectStatus.TimedOut),
            $"{client.Name} → [{server}]:{port} gave {outcome}; expected a silent drop: {why}.\n{Ruleset(server)}");
    }

    private string Ruleset(string server) =>
        IpFamilyExtensions.FamilyOf(server) == IpFamily.V6 ? "web-server.ip6tables:\n" + _rulesetV6 : "web-server.iptables:\n" + _rulesetV4;
}
