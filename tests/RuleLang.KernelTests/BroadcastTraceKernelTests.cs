using System;
using System.Linq;
using System.Net;
using System.Threading;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Compiler;
using RuleLang.KernelTests.Harness;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests;

/// <summary>
/// Broadcast and multicast, trace against the kernel: a host with 10.9.0.1/24 receives one UDP datagram from its
/// peer, to the subnet's broadcast address, the limited broadcast, the all-hosts group or its own address. INPUT
/// drops what -m addrtype calls BROADCAST and accepts the rest; FORWARD accepts. Which rule's counter moved must
/// be what `trace --local 10.9.0.1/24` predicts (ufw's rules rely on the first two being delivered, not forwarded).
/// </summary>
[TestFixture]
public sealed class BroadcastTraceKernelTests : KernelTestBase
{
    private const int Port = 9999;

    private static readonly string[] Chains = { "INPUT broadcast rule", "INPUT", "FORWARD" };

    [TestCase("10.9.0.255")]
    [TestCase("255.255.255.255")]
    [TestCase("224.0.0.1")]
    [TestCase("10.9.0.1")]
    public void A_datagram_reaches_the_rule_the_trace_predicts(string destination)
    {
        var policy = Policy("bcast", Table(TableKind.Filter,
            Builtin(Hook.Input,
                Rule(Drop, Proto(Protocol.Udp), Dport(Port), new AddressTypeMatch(AddressSide.Destination, AddressType.Broadcast)),
                Rule(Accept, Proto(Protocol.Udp), Dport(Port))),
            Builtin(Hook.Forward, Rule(Accept, Proto(Protocol.Udp), Dport(Port)))));
        var compiled = PolicyCompiler.Compile(policy, new[] { RulesetFormat.Iptables });
        Assert.That(compiled.Succeeded, Is.True, () => string.Join("\n", compiled.Diagnostics));

        var host = CreateNamespace("bc-host");
        var peer = CreateNamespace("bc-peer");
        var link = Topology.Connect(host, "10.9.0.1/24", peer, "10.9.0.2/24");
        peer.IpCommand("-4", "route", "add", "default", "dev", link.InterfaceB).EnsureSuccess("peer default route");
        host.RestoreIptables(compiled.Rulesets.Single().Text).EnsureSuccess("loading the ruleset");

        var trace = PacketTracer.Trace(policy,
            new PacketSpec(Protocol.Udp, IPAddress.Parse("10.9.0.2"), 40000, IPAddress.Parse(destination), Port) { InInterface = link.InterfaceA },
            new TraceOptions { LocalAddresses = new[] { "10.9.0.1/24" } });
        var outcome = trace.Outcomes.Single();
        string predicted = (outcome.Delivery, outcome.Verdict) switch
        {
            (TraceDelivery.Local, TraceVerdict.Dropped) => Chains[0],
            (TraceDelivery.Local, TraceVerdict.Accepted) => Chains[1],
            (TraceDelivery.Forwarded, TraceVerdict.Accepted) => Chains[2],
            var other => $"unexpected {other}",
        };

        peer.Exec($"echo probe | socat -u - UDP4-DATAGRAM:{destination}:{Port},broadcast,sourceport=40000").EnsureSuccess("sending to " + destination);
        string observed = Observed(host);

        Assert.That(observed, Is.EqualTo(predicted), () => $"to {destination}:\n{IptablesCounters.Describe(host, "filter")}");
    }

    /// <summary>The rule whose counter moved; a softirq delivers the datagram, so allow it a moment to land.</summary>
    private static string Observed(NetNamespace host)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var moved = IptablesCounters.Read(host, "filter").Select((c, i) => (c, i)).Where(x => x.c.Packets > 0).Select(x => x.i).ToArray();
            if (moved.Length > 0 || clock.Elapsed > TimeSpan.FromSeconds(5))
            {
                return moved.Length == 1 ? Chains[moved[0]] : moved.Length == 0 ? "no rule" : "several rules";
            }
            Thread.Sleep(50);
        }
    }
}
