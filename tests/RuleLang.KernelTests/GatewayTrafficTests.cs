using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Examples.Gateway;
using RuleLang.KernelTests.Harness;
using RuleLang.KernelTests.Scenarios;
using RuleLang.KernelTests.Support;
using static RuleLang.KernelTests.Scenarios.GatewayScenario;

namespace RuleLang.KernelTests;

/// <summary>
/// The committed gateway rulesets on <see cref="GatewayScenario"/>, once per back end: port forward, masquerade,
/// FORWARD drop, LAN-only management, mangle MARK and DSCP (seen by nft probe counters and by the inner host),
/// untracked metrics, and IPv6 not routed. With iptables the rule counters of iptables-save -c are checked too.
/// </summary>
[TestFixture(Backend.Iptables)]
[TestFixture(Backend.Nft)]
public sealed class GatewayTrafficTests : KernelTestBase
{
    private readonly Backend _backend;
    private GatewayScenario _s = null!;

    public GatewayTrafficTests(Backend backend) => _backend = backend;

    [SetUp]
    public void BuildTopology() => _s = Build(CreateNamespace, _backend);

    [TearDown]
    public void StopServers() => _s.Dispose();

    [Test]
    public void Port_2222_outside_reaches_the_inner_ssh_server()
    {
        ConnectOutcome outcome = Traffic.TryConnect(_s.Outside, GatewayWan, 2222);
        Assert.That(outcome, Is.EqualTo(ConnectOutcome.Connected("inner")),
            $"DNAT {GatewayWan}:2222 → {GatewayPolicy.InnerServer}:22 and the FORWARD --ctstate DNAT rule.\n{_s.Rulesets}");
    }

    [Test]
    public void Lan_goes_out_masqueraded_as_the_gateway()
    {
        ConnectOutcome outcome = Traffic.TryConnect(_s.Client, OutsideHost, 80);
        Assert.That(outcome, Is.EqualTo(ConnectOutcome.Connected(GatewayWan)),
            $"the outside host must see the LAN client as the gateway's wan0 address (MASQUERADE -s {GatewayPolicy.LanNetwork} -o wan0).\n{_s.Rulesets}");
    }

    [Test]
    public void Outside_cannot_open_connections_into_the_lan()
    {
        Assert.That(Traffic.TryConnect(_s.Inner, LanClient, LanClientPort), Is.EqualTo(ConnectOutcome.Connected("lan-client")),
            "control: the LAN client's listener answers on the LAN");
        ConnectOutcome outcome = Traffic.TryConnect(_s.Outside, LanClient, LanClientPort, Flow.DropWait);
        Assert.That(outcome.Status, Is.EqualTo(ConnectStatus.TimedOut),
            $"outside → {LanClient}:{LanClientPort} gave {outcome}; the FORWARD policy DROP must drop it silently.\n{_s.Rulesets}");
    }

    [Test]
    public void Gateway_ssh_is_reachable_from_the_lan_only()
    {
        Assert.That(Traffic.TryConnect(_s.Client, GatewayLan, 22), Is.EqualTo(ConnectOutcome.Connected("gateway")),
            $"-A INPUT -i lan0 -p tcp --dport 22 -j ACCEPT\n{_s.Rulesets}");
        ConnectOutcome outcome = Traffic.TryConnect(_s.Outside, GatewayWan, 22, Flow.DropWait);
        Assert.That(outcome.Status, Is.EqualTo(ConnectStatus.TimedOut), $"outside → gateway:22 gave {outcome}; INPUT policy DROP.\n{_s.Rulesets}");
    }

    [Test]
    public void Ipv6_is_not_routed_but_the_lan_may_manage_the_gateway_over_it()
    {
        Assert.That(Traffic.TryConnect(_s.Client, GatewayLanV6, 22), Is.EqualTo(ConnectOutcome.Connected("gateway")),
            $"the lan0 ssh rule is family-neutral.\n{_s.Rulesets}");
        Assert.That(Traffic.Ping(_s.Outside, GatewayWanV6), Is.True, $"ICMPv6 is accepted.\n{_s.Rulesets}");
        ConnectOutcome outcome = Traffic.TryConnect(_s.Client, OutsideHostV6, 80, Flow.DropWait);
        Assert.That(outcome.Status, Is.EqualTo(ConnectStatus.TimedOut), $"LAN → outside over IPv6 gave {outcome}; the FORWARD policy DROP holds for IPv6.\n{_s.Rulesets}");
    }

    [Test]
    public void Forwarded_ssh_is_marked_and_classified()
    {
        // In the inner server, count SSH packets that arrive with DSCP 0x10: proof the class survives the hop.
        _s.Inner.RestoreIptables("*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -m tcp --dport 22 -m dscp --dscp 0x10\nCOMMIT\n")
            .EnsureSuccess("DSCP probe rule in the inner server");
        // In the gateway, after mangle (-150) and before filter (0): forwarded SSH carrying mark 0x10 and class CS2.
        NftProbe.Count(_s.Gateway, "marked", "forward", -100, "tcp dport 22 meta mark 0x00000010 ip dscp cs2");

        IReadOnlyList<ConnectOutcome> outcomes = Traffic.ConnectMany(_s.Outside, GatewayWan, 2222, 3);
        Assert.That(outcomes, Has.All.EqualTo(ConnectOutcome.Connected("inner")), "ssh through the gateway");

        Assert.That(NftProbe.Packets(_s.Gateway, "marked"), Is.GreaterThan(0), $"forwarded ssh packets with mark 0x10 and DSCP CS2 in the gateway.\n{_s.Rulesets}");
        long dscpSeen = IptablesCounters.Packets(_s.Inner, "mangle", "-A PREROUTING -p tcp -m tcp --dport 22 -m dscp --dscp 0x10");
        Assert.That(dscpSeen, Is.GreaterThan(0), "the inner server received SSH packets carrying DSCP 0x10");

        if (_backend == Backend.Iptables)
        {
            const string markRule = "-A FORWARD -p tcp -m tcp --dport 22 -j MARK --set-xmark 0x10/0xffffffff";
            const string dscpRule = "-A FORWARD -p tcp -m tcp --dport 22 -j DSCP --set-dscp 0x10";
            Assert.That(_s.Rulesets, Does.Contain(markRule).And.Contain(dscpRule), "the committed ruleset's mangle rules");
            string counters = IptablesCounters.Describe(_s.Gateway, "mangle");
            TestContext.Out.WriteLine(counters);
            Assert.That(IptablesCounters.Packets(_s.Gateway, "mangle", markRule), Is.GreaterThan(0), $"MARK rule counter.\n{counters}");
            Assert.That(IptablesCounters.Packets(_s.Gateway, "mangle", dscpRule), Is.GreaterThan(0), $"DSCP rule counter.\n{counters}");
        }
    }

    [Test]
    public void Metrics_datagrams_bypass_connection_tracking()
    {
        const int datagrams = 5;
        NftProbe.Count(_s.Gateway, "untracked", "input", 10, $"udp dport {GatewayPolicy.MetricsPort} ct state untracked");

        IReadOnlyList<ConnectOutcome> replies = Traffic.UdpRequestMany(_s.Client, GatewayLan, GatewayPolicy.MetricsPort, datagrams, Traffic.ReplyWait);
        Assert.That(replies, Has.All.EqualTo(ConnectOutcome.Connected("metrics")),
            $"UDP {GatewayPolicy.MetricsPort} from the LAN is accepted (untracked both ways).\n{_s.Rulesets}");
        Assert.That(NftProbe.Packets(_s.Gateway, "untracked"), Is.GreaterThanOrEqualTo(datagrams), "datagrams reaching INPUT untracked");

        if (_backend == Backend.Iptables)
        {
            const string inputRule = "-A INPUT -p udp -m udp --dport 8125 -m conntrack --ctstate UNTRACKED -m comment --comment \"metrics, untracked\" -j ACCEPT";
            const string notrackRule = "-A PREROUTING -p udp -m udp --dport 8125 -j CT --notrack";
            Assert.That(_s.Rulesets, Does.Contain(inputRule).And.Contain(notrackRule), "the committed ruleset's metrics rules");
            string filter = IptablesCounters.Describe(_s.Gateway, "filter");
            TestContext.Out.WriteLine(filter);
            Assert.That(IptablesCounters.Packets(_s.Gateway, "filter", inputRule), Is.GreaterThanOrEqualTo(datagrams), $"INPUT --ctstate UNTRACKED counter.\n{filter}");
            Assert.That(IptablesCounters.Packets(_s.Gateway, "raw", notrackRule), Is.GreaterThanOrEqualTo(datagrams), IptablesCounters.Describe(_s.Gateway, "raw"));
        }

        if (KernelRequirement.FindTool("conntrack") is null)
        {
            Assert.Warn("conntrack(8) not installed: the absence of conntrack entries was not checked, only the counters");
            return;
        }

        // A tracked flow to compare with: SSH to the gateway from the LAN leaves an entry.
        Assert.That(Traffic.TryConnect(_s.Client, GatewayLan, 22), Is.EqualTo(ConnectOutcome.Connected("gateway")));
        ExecResult table = _s.Gateway.Exec("conntrack -L -o extended 2>/dev/null");
        TestContext.Out.WriteLine("conntrack -L in the gateway:\n" + table.StdOut);
        Assert.That(table.Success, Is.True, table.Describe());
        string[] entries = table.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(entries.Any(e => e.Contains("dport=22 ", StringComparison.Ordinal)), Is.True,
            "control: conntrack lists the tracked SSH connection, so listing works in this namespace:\n" + table.StdOut);
        Assert.That(entries.Where(e => e.Contains($"port={GatewayPolicy.MetricsPort} ", StringComparison.Ordinal)), Is.Empty,
            "notrack must keep the metrics datagrams out of the conntrack table");
    }
}
