using System.Linq;
using NUnit.Framework;
using RuleLang.Analysis.Trace;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Tests.Trace.TraceModel;

namespace RuleLang.Tests.Trace;

/// <summary>A LOG rule in every built-in chain of every table shows the order the packet meets them in.</summary>
public class HookOrderTests
{
    private static readonly Policy Everywhere = Policy(
        new[] { TableKind.Raw, TableKind.Mangle, TableKind.Nat, TableKind.Filter, TableKind.Security }
            .Select(t => Table(t, NetfilterFacts.BuiltinHooks(t).Select(h => Builtin(h, Rule(new LogTarget()))).ToArray()))
            .ToArray());

    private static readonly TraceOptions Local = new() { LocalAddresses = new[] { "10.0.0.2" } };

    [Test]
    public void The_table_order_at_each_hook_is_one_kernel_fact_that_the_symbolic_pipeline_shares()
    {
        Assert.That(NetfilterFacts.TablesAt(Hook.Input), Is.EqualTo(new[] { TableKind.Mangle, TableKind.Filter, TableKind.Security, TableKind.Nat }));
        Assert.That(NetfilterFacts.TablesAt(Hook.Output), Is.EqualTo(new[] { TableKind.Raw, TableKind.Mangle, TableKind.Nat, TableKind.Filter, TableKind.Security }));
        foreach (var hook in new[] { Hook.Prerouting, Hook.Input, Hook.Forward, Hook.Output, Hook.Postrouting })
        {
            Assert.That(Analysis.Symbolic.IncomingPipeline.TablesAt(hook), Is.SameAs(NetfilterFacts.TablesAt(hook)), hook.ToString());
        }
    }

    [Test]
    public void The_statistic_probability_the_kernel_keeps_is_one_fact_that_trace_and_back_ends_share()
    {
        // iptables stores round(p·2³¹): 1/3 is 715827883/2³¹.
        Assert.That(NetfilterFacts.StatisticRandomThreshold(1.0 / 3), Is.EqualTo(715827883L));
        Assert.That(KernelProbability.Of(1.0 / 3), Is.EqualTo(715827883 / 2147483648.0));
        Assert.That(Backends.Iptables.RuleFormatter.Probability(1.0 / 3), Is.EqualTo("0.33333333349"));
    }

    [Test]
    public void Received_for_this_host()
    {
        var result = TraceOf(Everywhere, "tcp 192.168.1.5:40000 -> 10.0.0.2:22 iif eth0", Local);
        Assert.That(Chains(result), Is.EqualTo(new[]
        {
            "raw PREROUTING", "mangle PREROUTING", "nat PREROUTING",
            "mangle INPUT", "filter INPUT", "security INPUT", "nat INPUT",
        }));
        var steps = result.Paths[0].Steps;
        int conntrack = steps.ToList().FindIndex(s => s.Chain == "conntrack");
        Assert.That(steps[conntrack - 2].Table, Is.EqualTo(TableKind.Raw), "conntrack runs after raw");
        Assert.That(Only(result).Delivery, Is.EqualTo(TraceDelivery.Local));
    }

    [Test]
    public void Forwarded()
    {
        var result = TraceOf(Everywhere, "tcp 192.168.1.5:40000 -> 10.0.9.9:22 iif eth0 oif eth1", Local);
        Assert.That(Chains(result), Is.EqualTo(new[]
        {
            "raw PREROUTING", "mangle PREROUTING", "nat PREROUTING",
            "mangle FORWARD", "filter FORWARD", "security FORWARD",
            "mangle POSTROUTING", "nat POSTROUTING",
        }));
        Assert.That(Only(result).Delivery, Is.EqualTo(TraceDelivery.Forwarded));
    }

    [Test]
    public void Sent_by_this_host()
    {
        var result = TraceOf(Everywhere, "tcp 10.0.0.2:40000 -> 10.0.9.9:443 from local oif eth1", Local);
        Assert.That(Chains(result), Is.EqualTo(new[]
        {
            "raw OUTPUT", "mangle OUTPUT", "nat OUTPUT", "filter OUTPUT", "security OUTPUT",
            "mangle POSTROUTING", "nat POSTROUTING",
        }));
        Assert.That(Only(result).Delivery, Is.EqualTo(TraceDelivery.Sent));
    }

    [Test]
    public void Sent_to_itself_comes_back_in_on_lo_without_nat()
    {
        var result = TraceOf(Everywhere, "tcp 10.0.0.2:40000 -> 10.0.0.2:22 from local", Local);
        Assert.That(Chains(result), Is.EqualTo(new[]
        {
            "raw OUTPUT", "mangle OUTPUT", "nat OUTPUT", "filter OUTPUT", "security OUTPUT",
            "mangle POSTROUTING", "nat POSTROUTING",
            "raw PREROUTING", "mangle PREROUTING", "mangle INPUT", "filter INPUT", "security INPUT",
        }));
        Assert.That(Only(result).Delivery, Is.EqualTo(TraceDelivery.Local));
    }

    [Test]
    public void An_established_packet_skips_the_nat_table_and_says_so()
    {
        var result = TraceOf(Everywhere, "tcp 192.168.1.5:40000 -> 10.0.0.2:22 iif eth0 state established", Local);
        Assert.That(Chains(result), Does.Not.Contain("nat PREROUTING").And.Not.Contain("nat INPUT"));
        Assert.That(result.Paths[0].Steps.Any(s => s.Chain == "nat PREROUTING" && s.Action.Contains("only the first packet of a connection")), Is.True);
        Assert.That(result.Assumptions, Has.Some.Contains("the nat table was not consulted"));
    }

    [Test]
    public void A_dnat_in_prerouting_decides_between_input_and_forward()
    {
        var policy = Policy(Table(TableKind.Nat, Builtin(Hook.Prerouting, Rule(new DnatTarget("10.0.9.9")))),
            Table(TableKind.Filter, Builtin(Hook.Input, Verdict.Drop), Builtin(Hook.Forward, Verdict.Accept)));
        var outcome = Only(TraceOf(policy, "tcp 192.168.1.5:40000 -> 10.0.0.2:22 iif eth0", Local));
        Assert.That((outcome.Verdict, outcome.Delivery, outcome.DestinationText), Is.EqualTo((TraceVerdict.Accepted, TraceDelivery.Forwarded, "10.0.9.9:22")));
    }

    [Test]
    public void Without_local_addresses_a_received_packet_with_no_oif_is_for_this_host()
    {
        var result = TraceOf(Everywhere, "tcp 192.168.1.5:40000 -> 10.0.0.7:22 iif eth0");
        Assert.That(Only(result).Delivery, Is.EqualTo(TraceDelivery.Local));
        Assert.That(result.LocalAddresses, Is.EqualTo(new[] { "10.0.0.7" }));
        Assert.That(result.Assumptions, Has.Some.Contains("local addresses were not given"));
        Assert.That(Only(TraceOf(Everywhere, "tcp 192.168.1.5:40000 -> 10.0.0.7:22 iif eth0 oif eth1")).Delivery, Is.EqualTo(TraceDelivery.Forwarded));
    }

    [Test]
    public void A_bad_local_address_is_a_diagnostic()
    {
        var result = PacketTracer.Trace(Everywhere, Packet("tcp 192.168.1.5:40000 -> 10.0.0.7:22 iif eth0"), new TraceOptions { LocalAddresses = new[] { "10.0.0.1/33" } });
        Assert.That(result.Diagnostics.Single().Id, Is.EqualTo("RL0101"));
        Assert.That(result.Paths, Is.Empty);
    }
}
