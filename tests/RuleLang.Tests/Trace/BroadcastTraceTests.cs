using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Tests.Trace.TraceModel;

namespace RuleLang.Tests.Trace;

/// <summary>
/// Broadcast and multicast are delivered, as the kernel's local table has it (BroadcastTraceKernelTests proves
/// the same packets in a namespace): ufw matches them in INPUT with -m addrtype --dst-type BROADCAST on purpose.
/// </summary>
public class BroadcastTraceTests
{
    private static readonly TraceOptions Subnet = new() { LocalAddresses = new[] { "10.9.0.1/24" } };

    private static readonly RuleLang.Model.Policy DropBroadcastInInput = Policy(Table(TableKind.Filter,
        Builtin(Hook.Input, Rule(VerdictTarget.Drop, new AddressTypeMatch(AddressSide.Destination, AddressType.Broadcast))),
        Builtin(Hook.Forward, Rule(VerdictTarget.Accept))));

    [TestCase("10.9.0.255", TraceVerdict.Dropped)]
    [TestCase("255.255.255.255", TraceVerdict.Dropped)]
    [TestCase("127.255.255.255", TraceVerdict.Dropped)]
    [TestCase("224.0.0.251", TraceVerdict.Accepted)]
    public void A_broadcast_or_multicast_packet_is_delivered_and_addrtype_knows_a_broadcast(string destination, TraceVerdict verdict)
    {
        var outcome = Only(TraceOf(DropBroadcastInInput, $"udp 10.9.0.2:40000 -> {destination}:5353 iif eth0", Subnet));
        Assert.That((outcome.Delivery, outcome.Verdict), Is.EqualTo((TraceDelivery.Local, verdict)));
    }

    [Test]
    public void A_multicast_delivery_says_the_group_was_taken_as_joined()
    {
        var result = TraceOf(DropBroadcastInInput, "udp 10.9.0.2:40000 -> 224.0.0.251:5353 iif eth0", Subnet);
        Assert.That(result.Assumptions, Has.Some.Contains("group this host has joined"));
    }

    [TestCase("10.9.0.1/31")]
    [TestCase("10.9.0.1/32")]
    [TestCase("10.9.0.1")]
    public void Without_a_subnet_broadcast_route_the_last_address_is_forwarded(string local)
    {
        var outcome = Only(TraceOf(DropBroadcastInInput, "udp 10.9.0.2:40000 -> 10.9.0.255:5353 iif eth0 oif eth1", new TraceOptions { LocalAddresses = new[] { local } }));
        Assert.That((outcome.Delivery, outcome.Verdict), Is.EqualTo((TraceDelivery.Forwarded, TraceVerdict.Accepted)));
    }

    [TestCase("10.9.0.1/")]
    [TestCase("10.9.0.1/x")]
    [TestCase("2001:db8::1/129")]
    public void A_bad_prefix_is_a_diagnostic(string local)
    {
        var result = PacketTracer.Trace(DropBroadcastInInput, Packet("udp 10.9.0.2:40000 -> 10.9.0.1:53 iif eth0"), new TraceOptions { LocalAddresses = new[] { local } });
        Assert.That(result.Diagnostics.Single().Id, Is.EqualTo("RL0101"));
    }
}
