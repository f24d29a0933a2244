using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Examples.Gateway;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Support;

namespace RuleLang.KernelTests;

/// <summary>
/// The committed gateway ruleset in a gateway namespace with interfaces named lan0 and wan0, between a LAN
/// (a switch namespace bridging the gateway, an inner server and a LAN client) and an outside host.
/// <code>
///   inner 10.0.0.2 ─┐
///                   ├─ br0 (switch) ── lan0 10.0.0.1 [gateway] 198.51.100.1 wan0 ── outside 198.51.100.10
///   client 10.0.0.3 ┘
/// </code>
/// </summary>
[TestFixture]
public sealed class GatewayTrafficTests : KernelTestBase
{
    private const string GatewayLan = "10.0.0.1";
    private const string LanClient = "10.0.0.3";
    private const string GatewayWan = "198.51.100.1";
    private const string OutsideHost = "198.51.100.10";
    private const int LanClientPort = 8000;

    private static readonly TimeSpan DropWait = TimeSpan.FromSeconds(1.5);

    private readonly List<TrafficServer> _servers = new();
    private NetNamespace _gateway = null!;
    private NetNamespace _inner = null!;
    private NetNamespace _client = null!;
    private NetNamespace _outside = null!;
    private string _ruleset = "";

    [SetUp]
    public void BuildTopology()
    {
        _gateway = CreateNamespace("gw");
        NetNamespace lanSwitch = CreateNamespace("lanswitch");
        _inner = CreateNamespace("inner");
        _client = CreateNamespace("lanclient");
        _outside = CreateNamespace("outside");

        Topology.ConnectNamed(_gateway, GatewayPolicy.Lan, new[] { GatewayLan + "/24" }, lanSwitch, "port0", Array.Empty<string>());
        Link inner = Topology.Connect(_inner, GatewayPolicy.InnerServer + "/24", lanSwitch, null);
        Link client = Topology.Connect(_client, LanClient + "/24", lanSwitch, null);
        Topology.AddBridge(lanSwitch, "br0", "port0", inner.InterfaceB, client.InterfaceB);
        Topology.ConnectNamed(_gateway, GatewayPolicy.Wan, new[] { GatewayWan + "/24" }, _outside, "eth0", new[] { OutsideHost + "/24" });

        Topology.AddDefaultRoute(_inner, GatewayLan);
        Topology.AddDefaultRoute(_client, GatewayLan);
        // A way back into the LAN exists, through the gateway: what keeps the outside out must be the firewall.
        Topology.AddRoute(_outside, GatewayPolicy.LanNetwork, GatewayWan);
        _gateway.EnableForwarding();

        _servers.Add(Traffic.StartTcpServer(_inner, "0.0.0.0", 22, "inner"));
        _servers.Add(Traffic.StartTcpServer(_client, LanClient, LanClientPort, "lan-client"));
        _servers.Add(Traffic.StartTcpServer(_gateway, "0.0.0.0", 22, "gateway"));
        _servers.Add(Traffic.StartUdpServer(_gateway, GatewayLan, GatewayPolicy.MetricsPort, "metrics"));
        _servers.Add(Traffic.StartTcpPeerAddressServer(_outside, OutsideHost, 80));

        _ruleset = ExampleRulesets.Read("Gateway", "gateway.iptables");
        KernelRulesets.ApplyAndSave(_gateway, _ruleset, IpFamily.V4, "gateway.iptables");
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

    [Test]
    public void Port_2222_outside_reaches_the_inner_ssh_server()
    {
        ConnectOutcome outcome = Traffic.TryConnect(_outside, GatewayWan, 2222);
        Assert.That(outcome, Is.EqualTo(ConnectOutcome.Connected("inner")),
            $"DNAT {GatewayWan}:2222 → {GatewayPolicy.InnerServer}:22 and the FORWARD --ctstate DNAT rule.\n{_ruleset}");
    }

    [Test]
    public void Lan_goes_out_masqueraded_as_the_gateway()
    {
        ConnectOutcome outcome = Traffic.TryConnect(_client, OutsideHost, 80);
        Assert.That(outcome, Is.EqualTo(ConnectOutcome.Connected(GatewayWan)),
            $"the outside host must see the LAN client as the gateway's wan0 address (MASQUERADE -s {GatewayPolicy.LanNetwork} -o wan0).\n{_ruleset}");
    }

    [Test]
    public void Outside_cannot_open_connections_into_the_lan()
    {
        Assert.That(Traffic.TryConnect(_inner, LanClient, LanClientPort), Is.EqualTo(ConnectOutcome.Connected("lan-client")),
            "control: the LAN client's listener answers on the LAN");
        ConnectOutcome outcome = Traffic.TryConnect(_outside, LanClient, LanClientPort, DropWait);
        Assert.That(outcome.Status, Is.EqualTo(ConnectStatus.TimedOut),
            $"outside → {LanClient}:{LanClientPort} gave {outcome}; the FORWARD policy DROP must drop it silently.\n{_ruleset}");
    }

    [Test]
    public void Gateway_ssh_is_reachable_from_the_lan_only()
    {
        Assert.That(Traffic.TryConnect(_client, GatewayLan, 22), Is.EqualTo(ConnectOutcome.Connected("gateway")),
            $"-A INPUT -i lan0 -p tcp --dport 22 -j ACCEPT\n{_ruleset}");
        ConnectOutcome outcome = Traffic.TryConnect(_outside, GatewayWan, 22, DropWait);
        Assert.That(outcome.Status, Is.EqualTo(ConnectStatus.TimedOut), $"outside → gateway:22 gave {outcome}; INPUT policy DROP.\n{_ruleset}");
    }

    [Test]
    public void Forwarded_ssh_is_marked_and_classified()
    {
        // In the inner server, count SSH packets that arrive with DSCP 0x10: proof the class survives the hop.
        _inner.RestoreIptables("*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -m tcp --dport 22 -m dscp --dscp 0x10\nCOMMIT\n")
            .EnsureSuccess("DSCP probe rule in the inner server");
        const string markRule = "-A FORWARD -p tcp -m tcp --dport 22 -j MARK --set-xmark 0x10/0xffffffff";
        const string dscpRule = "-A FORWARD -p tcp -m tcp --dport 22 -j DSCP --set-dscp 0x10";
        Assert.That(_ruleset, Does.Contain(markRule).And.Contain(dscpRule), "the committed ruleset's mangle rules");
        Assert.That(IptablesCounters.Packets(_gateway, "mangle", markRule), Is.Zero, "fresh counters");

        IReadOnlyList<ConnectOutcome> outcomes = Traffic.ConnectMany(_outside, GatewayWan, 2222, 3);
        Assert.That(outcomes, Has.All.EqualTo(ConnectOutcome.Connected("inner")), "ssh through the gateway");

        string counters = IptablesCounters.Describe(_gateway, "mangle");
        TestContext.Out.WriteLine(counters);
        Assert.That(IptablesCounters.Packets(_gateway, "mangle", markRule), Is.GreaterThan(0), $"MARK rule counter.\n{counters}");
        Assert.That(IptablesCounters.Packets(_gateway, "mangle", dscpRule), Is.GreaterThan(0), $"DSCP rule counter.\n{counters}");
        long dscpSeen = IptablesCounters.Packets(_inner, "mangle", "-A PREROUTING -p tcp -m tcp --dport 22 -m dscp --dscp 0x10");
        Assert.That(dscpSeen, Is.GreaterThan(0), "the inner server received SSH packets carrying DSCP 0x10");
    }

    [Test]
    public void Metrics_datagrams_bypass_connection_tracking()
    {
        const int datagrams = 5;
        const string inputRule = "-A INPUT -p udp -m udp --dport 8125 -m conntrack --ctstate UNTRACKED -m comment --comment \"metrics, untracked\" -j ACCEPT";
        const string notrackRule = "-A PREROUTING -p udp -m udp --dport 8125 -j CT --notrack";
        Assert.That(_ruleset, Does.Contain(inputRule).And.Contain(notrackRule), "the committed ruleset's metrics rules");

        IReadOnlyList<ConnectOutcome> replies = Traffic.UdpRequestMany(_client, GatewayLan, GatewayPolicy.MetricsPort, datagrams);
        Assert.That(replies, Has.All.EqualTo(ConnectOutcome.Connected("metrics")),
            $"UDP {GatewayPolicy.MetricsPort} from the LAN is accepted (untracked both ways).\n{_ruleset}");

        string filter = IptablesCounters.Describe(_gateway, "filter");
        TestContext.Out.WriteLine(filter);
        Assert.That(IptablesCounters.Packets(_gateway, "filter", inputRule), Is.GreaterThanOrEqualTo(datagrams), $"INPUT --ctstate UNTRACKED counter.\n{filter}");
        Assert.That(IptablesCounters.Packets(_gateway, "raw", notrackRule), Is.GreaterThanOrEqualTo(datagrams), IptablesCounters.Describe(_gateway, "raw"));

        if (KernelRequirement.FindTool("conntrack") is null)
        {
            Assert.Warn("conntrack(8) not installed: the absence of conntrack entries was not checked, only the counters");
            return;
        }

        // A tracked flow to compare with: SSH to the gateway from the LAN leaves an entry.
        Assert.That(Traffic.TryConnect(_client, GatewayLan, 22), Is.EqualTo(ConnectOutcome.Connected("gateway")));
        ExecResult table = _gateway.Exec("conntrack -L -o extended 2>/dev/null");
        TestContext.Out.WriteLine("conntrack -L in the gateway:\n" + table.StdOut);
        Assert.That(table.Success, Is.True, table.Describe());
        string[] entries = table.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(entries.Any(e => e.Contains("dport=22 ", StringComparison.Ordinal)), Is.True,
            "control: conntrack lists the tracked SSH connection, so listing works in this namespace:\n" + table.StdOut);
        Assert.That(entries.Where(e => e.Contains($"port={GatewayPolicy.MetricsPort} ", StringComparison.Ordinal)), Is.Empty,
            "CT --notrack must keep the metrics datagrams out of the conntrack table");
    }
}
