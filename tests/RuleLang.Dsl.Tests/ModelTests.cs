using System;
using System.Collections.Generic;
using System.Linq;
using NUnit.Framework;
using RuleLang.Model;
using RuleLang.Model.Intents;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Dsl.Tests;

public sealed class ModelTests
{
    private static readonly string ThisFile = Here.File();

    [Test]
    public void Tables_appear_in_table_order_with_builtin_chains_first_and_user_chains_after()
    {
        var policy = new WebServer().Build();

        Assert.That(policy.Name, Is.EqualTo("web-server"));
        Assert.That(policy.Tables.Select(t => t.Kind), Is.EqualTo(new[] { TableKind.Raw, TableKind.Mangle, TableKind.Nat, TableKind.Filter }));
        foreach (var table in policy.Tables)
        {
            var builtins = table.Chains.Where(c => c.IsBuiltin).Select(c => c.Hook!.Value);
            Assert.That(builtins, Is.EqualTo(NetfilterFacts.BuiltinHooks(table.Kind)), table.Name);
        }
        var filter = policy.FindTable(TableKind.Filter)!;
        Assert.That(filter.Chains.Select(c => c.Name), Is.EqualTo(new[] { "INPUT", "FORWARD", "OUTPUT", "LOG-DROP" }));
        Assert.That(filter.Chains.Select(c => c.Policy), Is.EqualTo(new Verdict?[] { Verdict.Drop, Verdict.Accept, Verdict.Accept, null }));
    }

    [Test]
    public void Rules_keep_their_matches_in_the_order_written()
    {
        var definition = new WebServer();
        var input = definition.Build().FindTable(TableKind.Filter)!.FindChain("INPUT")!;

        Assert.That(input.Rules, Has.Count.EqualTo(7));
        AssertRule(
            input.Rules[0],
            VerdictTarget.Accept,
            new InterfaceMatch(InterfaceSide.In, "lo"));
        AssertRule(
            input.Rules[1],
            VerdictTarget.Accept,
            new ConntrackMatch(ConntrackStates.Established | ConntrackStates.Related));
        AssertRule(
            input.Rules[2],
            VerdictTarget.Accept,
            new ProtocolMatch(Protocol.Tcp),
            Ports(AddressSide.Destination, new PortSpan(22, 22)),
            new AddressMatch(AddressSide.Source, "192.168.1.0/24"),
            new CommentMatch("ssh from the LAN"));
        AssertRule(
            input.Rules[3],
            VerdictTarget.Accept,
            new ProtocolMatch(Protocol.Tcp),
            Ports(AddressSide.Destination, new PortSpan(80, 80), new PortSpan(443, 443)));
        AssertRule(
            input.Rules[4],
            VerdictTarget.Accept,
            new ProtocolMatch(Protocol.Udp),
            Ports(AddressSide.Destination, new PortSpan(1000, 2000)));
        AssertRule(
            input.Rules[5],
            VerdictTarget.Accept,
            new ProtocolMatch(Protocol.Icmp),
            new IcmpTypeMatch(IpFamily.IPv4, 8),
            new LimitMatch(5, RateUnit.Second));
        AssertRule(input.Rules[6], new JumpTarget("LOG-DROP"));
    }

    [Test]
    public void Rules_chains_and_intents_carry_the_line_they_were_written_on()
    {
        var definition = new WebServer();
        var policy = definition.Build();
        var filter = policy.FindTable(TableKind.Filter)!;
        var input = filter.FindChain("INPUT")!;

        Assert.That(input.Location, Is.EqualTo(new SourceLocation(ThisFileSibling("WebServer.cs"), definition.Lines["policy"], 0)));
        Assert.That(input.Rules[0].Location, Is.EqualTo(new SourceLocation(ThisFileSibling("WebServer.cs"), definition.Lines["lo"], 0)));
        Assert.That(input.Rules[2].Location.Line, Is.EqualTo(definition.Lines["ssh"]));
        Assert.That(input.Rules[6].Location.Line, Is.EqualTo(definition.Lines["jump"]));
        Assert.That(filter.FindChain("LOG-DROP")!.Location.Line, Is.EqualTo(definition.Lines["log-drop"]));
        Assert.That(policy.Intents[0].Location.Line, Is.EqualTo(definition.Lines["redirect-port"]));
        Assert.That(policy.Intents[3].Location.Line, Is.EqualTo(definition.Lines["service"]));
        Assert.That(policy.Location, Is.EqualTo(new SourceLocation(ThisFileSibling("WebServer.cs"), 0, 0)));
    }

    [Test]
    public void A_rule_split_over_lines_is_placed_on_the_line_of_its_target()
    {
        int line = 0;
        var policy = Define(p =>
        {
            p.Filter.Input
                .Tcp()
                .DestinationPort(22)
                .Accept(); line = Here.Line();
        });

        var rule = policy.Tables[0].Chains[0].Rules.Single();
        Assert.That(rule.Location, Is.EqualTo(new SourceLocation(ThisFile, line, 0)));
    }

    [Test]
    public void Targets_of_every_table_become_the_model_targets()
    {
        var policy = new WebServer().Build();

        var logDrop = policy.FindTable(TableKind.Filter)!.FindChain("LOG-DROP")!;
        AssertRule(logDrop.Rules[0], new LogTarget("drop: "));
        AssertRule(logDrop.Rules[1], VerdictTarget.Drop);
        var nat = policy.FindTable(TableKind.Nat)!;
        AssertRule(
            nat.FindChain("PREROUTING")!.Rules.Single(),
            new RedirectTarget(new PortSpan(8080, 8080)),
            new ProtocolMatch(Protocol.Tcp),
            Ports(AddressSide.Destination, new PortSpan(80, 80)));
        AssertRule(
            nat.FindChain("POSTROUTING")!.Rules.Single(),
            new MasqueradeTarget(),
            new InterfaceMatch(InterfaceSide.Out, "eth1"));
        AssertRule(
            policy.FindTable(TableKind.Raw)!.FindChain("PREROUTING")!.Rules.Single(),
            NotrackTarget.Instance,
            new ProtocolMatch(Protocol.Udp),
            Ports(AddressSide.Destination, new PortSpan(53, 53)));
        AssertRule(
            policy.FindTable(TableKind.Mangle)!.FindChain("FORWARD")!.Rules.Single(),
            new DscpTarget(0x2e),
            new ProtocolMatch(Protocol.Tcp),
            Ports(AddressSide.Destination, new PortSpan(22, 22)));
    }

    [Test]
    public void Every_target_form_is_recorded()
    {
        var policy = Define(p =>
        {
            var nat = p.Nat;
            nat.Prerouting.Rule().Dnat("10.0.0.2");
            nat.Prerouting.Tcp().Dnat("10.0.0.2", 8080);
            nat.Output.Udp().Dnat("10.0.0.2", new PortSpan(5000, 5010));
            nat.Output.Sctp().Redirect(new PortSpan(7000, 7001));
            nat.Postrouting.Rule().Snat("192.0.2.1");
            nat.Input.Tcp().Snat("192.0.2.1", 1024);
            nat.Postrouting.Udp().Snat("192.0.2.1", new PortSpan(1024, 2048));
            nat.Postrouting.Rule().Masquerade(randomFully: true);
            nat.Postrouting.Tcp().Masquerade(new PortSpan(1024, 2048));
            var filter = p.Filter;
            filter.Forward.Rule().Reject();
            filter.Forward.Tcp().Reject(RejectWith.TcpReset);
            filter.Output.Rule().Return();
            filter.Output.Rule().Log(prefix: "out: ", level: 6);
            filter.Output.Rule().SetMark(0x4000, 0x4000);
            filter.Output.Rule().Connmark(ConnmarkMode.Save);
            filter.Output.Rule().Connmark(ConnmarkMode.Set, 1, 0xff);
            filter.Output.Rule().Goto(filter.Chain("OUT"));
        });

        var targets = policy.Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules).Select(r => r.Target);
        Assert.That(targets, Is.EqualTo(new Target[]
        {
            new DnatTarget("10.0.0.2"),
            new DnatTarget("10.0.0.2", new PortSpan(8080, 8080)),
            new SnatTarget("192.0.2.1", new PortSpan(1024, 1024)),
            new DnatTarget("10.0.0.2", new PortSpan(5000, 5010)),
            new RedirectTarget(new PortSpan(7000, 7001)),
            new SnatTarget("192.0.2.1"),
            new SnatTarget("192.0.2.1", new PortSpan(1024, 2048)),
            new MasqueradeTarget(null, RandomFully: true),
            new MasqueradeTarget(new PortSpan(1024, 2048)),
            new RejectTarget(),
            new RejectTarget(RejectWith.TcpReset),
            VerdictTarget.Return,
            new LogTarget("out: ", 6),
            new MarkTarget(0x4000, 0x4000),
            new ConnmarkTarget(ConnmarkMode.Save),
            new ConnmarkTarget(ConnmarkMode.Set, 1, 0xff),
            new JumpTarget("OUT", IsGoto: true),
        }));
    }

    [Test]
    public void Every_generic_match_is_recorded_with_its_negation()
    {
        var policy = Define(p => p.Mangle.Prerouting.Rule()
            .Source("10.0.0.0/8", not: true)
            .Destination("192.0.2.1")
            .State(ConntrackStates.Invalid, not: true)
            .Mark(0x1, 0xf, not: true)
            .SourceAddressType(AddressType.Local)
            .DestinationAddressType(AddressType.Broadcast, not: true)
            .Random(0.25)
            .Nth(3, 1)
            .Limit(10, RateUnit.Minute, burst: 20)
            .InInterface("eth+", not: true)
            .Comment("all of them")
            .Accept());

        Assert.That(policy.Tables[0].Chains[0].Rules.Single().Matches, Is.EqualTo(new Match[]
        {
            new AddressMatch(AddressSide.Source, "10.0.0.0/8", Negated: true),
            new AddressMatch(AddressSide.Destination, "192.0.2.1"),
            new ConntrackMatch(ConntrackStates.Invalid, Negated: true),
            new MarkMatch(0x1, 0xf, Negated: true),
            new AddressTypeMatch(AddressSide.Source, AddressType.Local),
            new AddressTypeMatch(AddressSide.Destination, AddressType.Broadcast, Negated: true),
            new RandomMatch(0.25),
            new NthMatch(3, 1),
            new LimitMatch(10, RateUnit.Minute, 20),
            new InterfaceMatch(InterfaceSide.In, "eth+", Negated: true),
            new CommentMatch("all of them"),
        }));
    }

    [Test]
    public void Port_and_icmp_matches_are_recorded()
    {
        var policy = Define(p =>
        {
            var output = p.Filter.Output;
            output.Tcp().SourcePort(1024, not: true).DestinationPortRange(6000, 6010, not: true).Accept();
            output.Udp().SourcePortRange(1, 1023).SourcePorts(53, 123).Accept();
            output.Sctp().DestinationPorts(new PortSpan(80, 80), new PortSpan(1000, 2000)).SourcePorts(new PortSpan(9, 9)).Accept();
            output.Icmp().IcmpType(IcmpType.PortUnreachable).Accept();
            output.Icmp().IcmpType(42, 7).Accept();
            output.Icmpv6().Icmpv6Type(Icmpv6Type.EchoRequest).Accept();
            output.Protocol(Protocol.Sctp).Accept();
        });

        var rules = policy.Tables[0].FindChain("OUTPUT")!.Rules;
        AssertRule(rules[0], VerdictTarget.Accept,
            new ProtocolMatch(Protocol.Tcp),
            Ports(AddressSide.Source, true, new PortSpan(1024, 1024)),
            Ports(AddressSide.Destination, true, new PortSpan(6000, 6010)));
        AssertRule(rules[1], VerdictTarget.Accept,
            new ProtocolMatch(Protocol.Udp),
            Ports(AddressSide.Source, new PortSpan(1, 1023)),
            Ports(AddressSide.Source, new PortSpan(53, 53), new PortSpan(123, 123)));
        AssertRule(rules[2], VerdictTarget.Accept,
            new ProtocolMatch(Protocol.Sctp),
            Ports(AddressSide.Destination, new PortSpan(80, 80), new PortSpan(1000, 2000)),
            Ports(AddressSide.Source, new PortSpan(9, 9)));
        AssertRule(rules[3], VerdictTarget.Accept, new ProtocolMatch(Protocol.Icmp), new IcmpTypeMatch(IpFamily.IPv4, 3, 3));
        AssertRule(rules[4], VerdictTarget.Accept, new ProtocolMatch(Protocol.Icmp), new IcmpTypeMatch(IpFamily.IPv4, 42, 7));
        AssertRule(rules[5], VerdictTarget.Accept, new ProtocolMatch(Protocol.Icmpv6), new IcmpTypeMatch(IpFamily.IPv6, 128));
        AssertRule(rules[6], VerdictTarget.Accept, new ProtocolMatch(Protocol.Sctp));
    }

    [Test]
    public void Bad_values_reach_the_model_as_written_for_the_checker_to_report()
    {
        var policy = Define(p =>
        {
            p.Filter.Input.Tcp().DestinationPort(70000).Source("10.0.0.300").Accept();
            p.Filter.Input.Udp().DestinationPortRange(2000, 1000).Random(2.5).Nth(0, -1).Accept();
            p.Filter.Input.Rule().InInterface("far-too-long-interface name").Limit(-1, RateUnit.Day, 0).Accept();
            p.Filter.Chain("").Rule().Log(new string('x', 100), level: 99);
            p.Mangle.Forward.Rule().Dscp(99);
            p.Nat.Prerouting.Tcp().Redirect(0);
            p.MasqueradeBit(40);
            p.ForwardPort(Protocol.Icmp, port: -5, to: "not an address");
            p.Service("", "", "", Protocol.Tcp, clusterIp: "x", port: 99999, endpoints: Array.Empty<(string, int)>());
        });

        var input = policy.FindTable(TableKind.Filter)!.FindChain("INPUT")!;
        Assert.That(((PortMatch)input.Rules[0].Matches[1]).Ports.Single(), Is.EqualTo(new PortSpan(70000, 70000)));
        Assert.That(input.Rules[0].Matches[2], Is.EqualTo(new AddressMatch(AddressSide.Source, "10.0.0.300")));
        Assert.That(((PortMatch)input.Rules[1].Matches[1]).Ports.Single(), Is.EqualTo(new PortSpan(2000, 1000)));
        Assert.That(input.Rules[1].Matches[2], Is.EqualTo(new RandomMatch(2.5)));
        Assert.That(input.Rules[2].Matches[0], Is.EqualTo(new InterfaceMatch(InterfaceSide.In, "far-too-long-interface name")));
        Assert.That(policy.FindTable(TableKind.Filter)!.FindChain("")!.Rules.Single().Target, Is.EqualTo(new LogTarget(new string('x', 100), 99)));
        Assert.That(policy.FindTable(TableKind.Mangle)!.FindChain("FORWARD")!.Rules.Single().Target, Is.EqualTo(new DscpTarget(99)));
        Assert.That(policy.Cluster.MasqueradeBit, Is.EqualTo(40));
        Assert.That(policy.Intents[0], Is.EqualTo(new PortForwardIntent(Protocol.Icmp, null, -5, "not an address", -5, policy.Intents[0].Location)));
        Assert.That(((ServiceIntent)policy.Intents[1]).Endpoints, Is.Empty);
    }

    [Test]
    public void Intents_and_cluster_settings_are_recorded_in_order()
    {
        var policy = new WebServer().Build();

        Assert.That(policy.Intents, Has.Count.EqualTo(4));
        var location = policy.Intents[0].Location;
        Assert.That(policy.Intents[0], Is.EqualTo(new PortRedirectIntent(Protocol.Tcp, 80, 8080, null, location)));
        Assert.That(policy.Intents[1], Is.EqualTo(new PortForwardIntent(Protocol.Tcp, "eth0", 8022, "10.0.0.2", 22, policy.Intents[1].Location)));
        Assert.That(policy.Intents[2], Is.EqualTo(new MasqueradeIntent("eth1", "10.0.0.0/24", policy.Intents[2].Location)));
        var service = (ServiceIntent)policy.Intents[3];
        Assert.That(service.ServicePortName, Is.EqualTo("default/web:http"));
        Assert.That(service.Protocol, Is.EqualTo(Protocol.Tcp));
        Assert.That(service.ClusterIp, Is.EqualTo("10.96.0.10"));
        Assert.That(service.Port, Is.EqualTo(80));
        Assert.That(service.NodePort, Is.EqualTo(30080));
        Assert.That(service.Endpoints, Is.EqualTo(new[] { new ServiceEndpoint("10.0.0.174", 80), new ServiceEndpoint("10.0.0.97", 80) }));
        Assert.That(policy.Cluster, Is.EqualTo(new ClusterSettings(15, "10.244.0.0/16")));
    }

    [Test]
    public void A_forward_without_a_target_port_keeps_the_port()
    {
        var policy = Define(p => p.ForwardPort(Protocol.Udp, port: 53, to: "10.0.0.53"));

        var forward = (PortForwardIntent)policy.Intents.Single();
        Assert.That((forward.Port, forward.ToPort, forward.InInterface), Is.EqualTo((53, 53, (string?)null)));
    }

    [Test]
    public void A_policy_that_says_nothing_has_no_tables_and_default_cluster_settings()
    {
        var policy = Define(p =>
        {
            _ = p.Filter.Input;
            _ = p.Nat;
        });

        Assert.That(policy.Tables, Is.Empty);
        Assert.That(policy.Intents, Is.Empty);
        Assert.That(policy.Cluster, Is.EqualTo(ClusterSettings.Default));
        Assert.That(policy.Location, Is.EqualTo(SourceLocation.None));
    }

    [Test]
    public void A_policy_alone_or_an_empty_user_chain_makes_its_table_appear_whole()
    {
        var policy = Define(p =>
        {
            p.Security.Output.Policy(Verdict.Accept);
            p.Raw.Chain("EMPTY");
        });

        Assert.That(policy.Tables.Select(t => t.Kind), Is.EqualTo(new[] { TableKind.Raw, TableKind.Security }));
        Assert.That(policy.Tables[0].Chains.Select(c => c.Name), Is.EqualTo(new[] { "PREROUTING", "OUTPUT", "EMPTY" }));
        Assert.That(policy.Tables[1].Chains.Select(c => c.Name), Is.EqualTo(new[] { "INPUT", "FORWARD", "OUTPUT" }));
        Assert.That(policy.Tables[1].Chains.All(c => c.Rules.Count == 0 && c.Policy == Verdict.Accept));
    }

    [Test]
    public void Declaring_a_chain_twice_returns_the_same_chain()
    {
        UserChain<Filter>? first = null;
        UserChain<Filter>? second = null;
        int line = 0;
        var policy = Define(p =>
        {
            first = p.Filter.Chain("SHARED"); line = Here.Line();
            first.Rule().Accept();
            second = p.Filter.Chain("SHARED");
            second.Rule().Drop();
            p.Filter.Chain("OTHER");
        });

        Assert.That(second, Is.SameAs(first));
        var chains = policy.Tables.Single().Chains;
        Assert.That(chains.Select(c => c.Name), Is.EqualTo(new[] { "INPUT", "FORWARD", "OUTPUT", "SHARED", "OTHER" }));
        Assert.That(chains[3].Rules.Select(r => r.Target), Is.EqualTo(new Target[] { VerdictTarget.Accept, VerdictTarget.Drop }));
        Assert.That(chains[3].Location.Line, Is.EqualTo(line));
        Assert.That(chains[3].IsBuiltin, Is.False);
    }

    [Test]
    public void User_chains_offer_every_target_and_match_of_their_table()
    {
        var policy = Define(p =>
        {
            var svc = p.Nat.Chain("SVC");
            svc.Rule().InInterface("eth0").OutInterface("eth1").Masquerade();
            svc.Tcp().Dnat("10.0.0.2", 80);
            svc.Udp().Redirect(5353);
            svc.Rule().Snat("192.0.2.1");
            p.Nat.Prerouting.Rule().Jump(svc);
        });

        var nat = policy.Tables.Single();
        Assert.That(nat.FindChain("SVC")!.Rules.Select(r => r.Target.Name), Is.EqualTo(new[] { "MASQUERADE", "DNAT", "REDIRECT", "SNAT" }));
        Assert.That(nat.FindChain("PREROUTING")!.Rules.Single().Target, Is.EqualTo(new JumpTarget("SVC")));
    }

    [Test]
    public void One_builder_ending_in_two_targets_gives_two_rules_that_do_not_share_matches()
    {
        var policy = Define(p =>
        {
            var rule = p.Filter.Input.Tcp().DestinationPort(22);
            rule.Log("ssh: ");
            rule.Source("10.0.0.0/8").Accept();
        });

        var rules = policy.Tables.Single().Chains[0].Rules;
        Assert.That(rules[0].Matches, Has.Count.EqualTo(2));
        Assert.That(rules[1].Matches, Has.Count.EqualTo(3));
    }

    [Test]
    public void Building_twice_gives_equal_policies_without_duplicated_rules()
    {
        var definition = new WebServer();

        var first = definition.Build();
        var second = definition.Build();

        Assert.That(second.Tables.Sum(t => t.Chains.Sum(c => c.Rules.Count)), Is.EqualTo(first.Tables.Sum(t => t.Chains.Sum(c => c.Rules.Count))));
        Assert.That(second.Intents, Is.EqualTo(first.Intents).Using<Intent>(SameIntent));
    }

    private static bool SameIntent(Intent a, Intent b) =>
        a is ServiceIntent sa && b is ServiceIntent sb
            ? sa with { Endpoints = Array.Empty<ServiceEndpoint>() } == sb with { Endpoints = Array.Empty<ServiceEndpoint>() }
                && sa.Endpoints.SequenceEqual(sb.Endpoints)
            : a == b;

    private static Policy Define(Action<PolicyBuilder> define) => new Inline(define).Build();

    private static string ThisFileSibling(string name) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(ThisFile)!, name);

    private static PortMatch Ports(AddressSide side, params PortSpan[] ports) => new(side, ports);

    private static PortMatch Ports(AddressSide side, bool negated, params PortSpan[] ports) => new(side, ports, negated);

    /// <summary>Compares matches by value; PortMatch holds a list, which record equality compares by reference.</summary>
    private static void AssertRule(Rule rule, Target target, params Match[] matches)
    {
        Assert.That(rule.Target, Is.EqualTo(target));
        Assert.That(rule.Matches.Select(Describe), Is.EqualTo(matches.Select(Describe)));
    }

    private static string Describe(Match match) => match is PortMatch ports
        ? $"PortMatch {ports.Side} {string.Join(",", ports.Ports)} {ports.Negated}"
        : match.ToString()!;

    private sealed class Inline : PolicyDefinition
    {
        private readonly Action<PolicyBuilder> _define;

        public Inline(Action<PolicyBuilder> define) => _define = define;

        public override string Name => "inline";

        protected override void Define(PolicyBuilder p) => _define(p);
    }
}
