using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using static RuleLang.Testing.M;

namespace RuleLang.Testing;

/// <summary>
/// Valid policies that between them use every match and target the model has, with negations, ranges and
/// awkward values (1/3 probabilities, 60/min limits, quoted comments), so that the kernel tests can prove
/// that iptables-save prints back exactly what the back end printed.
/// </summary>
public static class NormalFormCorpus
{
    /// <summary>The policy with what the nft back end does not write yet (recent lists, counting-only rules).</summary>
    public const string IptablesOnly = "every-match-iptables-only";

    /// <summary>The policies the nft back end writes too.</summary>
    public static IEnumerable<Policy> NftWritablePolicies() => Policies().Where(p => p.Name != IptablesOnly);

    public static IEnumerable<Policy> Policies()
    {
        yield return Policy("every-match",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Drop,
                    Rule(Accept, In("lo")),
                    Rule(Accept, State(ConntrackStates.Established | ConntrackStates.Related)),
                    Rule(Accept, State(ConntrackStates.New, not: true), In("eth+", not: true)),
                    Rule(Accept, Src("192.168.1.0/24"), Proto(Protocol.Tcp), Dport(22)),
                    Rule(Accept, Src("10.0.0.0/8", not: true), Dst("10.1.2.3"), Proto(Protocol.Udp), Sport(53), new PortMatch(AddressSide.Destination, new[] { new PortSpan(1024, 65535) }, Negated: true)),
                    Rule(Accept, Proto(Protocol.Tcp), Dport(80, 443), new PortMatch(AddressSide.Source, new[] { new PortSpan(1000, 2000), PortSpan.Single(3000) }, Negated: true)),
                    Rule(Accept, Proto(Protocol.Sctp), Dport(9000)),
                    Rule(Accept, Proto(Protocol.Icmp), new IcmpTypeMatch(IpFamily.IPv4, 8), new LimitMatch(5, RateUnit.Second)),
                    Rule(Accept, Proto(Protocol.Icmp), new IcmpTypeMatch(IpFamily.IPv4, 3, 4), new LimitMatch(60, RateUnit.Minute, 10)),
                    Rule(new LogTarget("dropped: ", 6), new LimitMatch(7, RateUnit.Minute)),
                    Rule(new LogTarget(), new LimitMatch(100, RateUnit.Hour)),
                    Rule(new LogTarget("it's \"quoted\" \\ ok"), new LimitMatch(2, RateUnit.Day)),
                    Rule(Accept, new MarkMatch(1)),
                    Rule(Accept, new MarkMatch(0x10, 0xf0, Negated: true)),
                    Rule(Accept, new AddressTypeMatch(AddressSide.Destination, AddressType.Local), new AddressTypeMatch(AddressSide.Source, AddressType.Unicast, Negated: true)),
                    Rule(Accept, new RandomMatch(1.0 / 3)),
                    Rule(Accept, new NthMatch(3, 0)),
                    Rule(Accept, Comment("plain"), Comment("with spaces, dots. and 'quotes' \"too\"")),
                    Rule(Accept, Proto(Protocol.Tcp, not: true), Comment("")),
                    Rule(new RejectTarget(RejectWith.TcpReset), Proto(Protocol.Tcp)),
                    Rule(new RejectTarget(RejectWith.HostUnreachable)),
                    Rule(new RejectTarget(RejectWith.NetUnreachable)),
                    Rule(new RejectTarget(RejectWith.AdminProhibited)),
                    Rule(Jump("AUDIT-IN")),
                    Rule(Goto("AUDIT-IN"), Proto(Protocol.Udp)),
                    Rule(new RejectTarget())),
                Builtin(Hook.Forward, Rule(Accept, In("eth0"), Out("eth1")), Rule(Accept, In("+"), Proto(Protocol.Udp))),
                User("AUDIT-IN", Rule(Return, Src("172.16.0.0/12")), Rule(Drop))),
            M.Table(TableKind.Raw,
                Builtin(Hook.Prerouting, Rule(NotrackTarget.Instance, Proto(Protocol.Udp), Dport(53)))),
            M.Table(TableKind.Mangle,
                Builtin(Hook.Prerouting, Rule(new ConnmarkTarget(ConnmarkMode.Restore))),
                Builtin(Hook.Forward,
                    Rule(new DscpTarget(46), Proto(Protocol.Udp), DportRange(10000, 20000)),
                    Rule(new MarkTarget(1), Proto(Protocol.Tcp), Dport(22)),
                    Rule(new MarkTarget(0x4000, 0x4000)),
                    Rule(new MarkTarget(0x4000, 0)),
                    Rule(new ConnmarkTarget(ConnmarkMode.Save)),
                    Rule(new ConnmarkTarget(ConnmarkMode.Set, 5)))),
            M.Table(TableKind.Nat,
                Builtin(Hook.Prerouting,
                    Rule(new RedirectTarget(PortSpan.Single(8080)), Proto(Protocol.Tcp), Dport(80)),
                    Rule(new DnatTarget("10.0.0.2", PortSpan.Single(22)), In("eth0"), Proto(Protocol.Tcp), Dport(8022)),
                    Rule(new DnatTarget("10.0.0.3"), Dst("203.0.113.7"))),
                Builtin(Hook.Postrouting,
                    Rule(new MasqueradeTarget(), Src("10.0.0.0/24"), Out("eth1")),
                    Rule(new MasqueradeTarget(new PortSpan(1024, 2048), RandomFully: true), Proto(Protocol.Tcp)),
                    Rule(new SnatTarget("192.0.2.1", new PortSpan(1000, 2000)), Proto(Protocol.Udp)))),
            M.Table(TableKind.Security,
                Builtin(Hook.Output, Rule(Accept, Out("lo")))));

        yield return Policy("every-match-v6",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Drop,
                    Rule(Accept, Proto(Protocol.Icmpv6), new IcmpTypeMatch(IpFamily.IPv6, 128)),
                    Rule(Accept, Proto(Protocol.Icmpv6), new IcmpTypeMatch(IpFamily.IPv6, 1, 4)),
                    Rule(Accept, Src("2001:db8::/32"), Dst("::1"), Proto(Protocol.Tcp), Dport(22)),
                    Rule(new RejectTarget(RejectWith.AdminProhibited), Proto(Protocol.Tcp)),
                    Rule(new RejectTarget()))),
            M.Table(TableKind.Nat,
                Builtin(Hook.Prerouting, Rule(new DnatTarget("2001:db8::2", PortSpan.Single(80)), Proto(Protocol.Tcp), Dport(8080)))));

        // -m conntrack beyond --ctstate: the protocol and both tuples, negated, host and network addresses, port
        // ranges from 0, as Docker and kube-proxy write them (--ctproto prints as its number).
        yield return Policy("conntrack-tuples",
            M.Table(TableKind.Filter,
                Builtin(Hook.Forward, Verdict.Drop,
                    Rule(Accept, Proto(Protocol.Tcp), new ConntrackProtocolMatch(Protocol.Tcp), new ConntrackPortMatch(ConntrackTuple.Original, AddressSide.Destination, PortSpan.Single(8080))),
                    Rule(Drop, Proto(Protocol.Udp), new ConntrackProtocolMatch(Protocol.Tcp, Negated: true), new ConntrackPortMatch(ConntrackTuple.Original, AddressSide.Source, new PortSpan(1024, 65535), Negated: true)),
                    Rule(Accept, new ConntrackAddressMatch(ConntrackTuple.Original, AddressSide.Destination, "10.96.0.0/12")),
                    Rule(Accept, new ConntrackAddressMatch(ConntrackTuple.Original, AddressSide.Source, "192.0.2.1", Negated: true)),
                    Rule(Accept, Proto(Protocol.Udp), new ConntrackAddressMatch(ConntrackTuple.Reply, AddressSide.Source, "10.244.1.10"), new ConntrackPortMatch(ConntrackTuple.Reply, AddressSide.Source, PortSpan.Single(53))),
                    Rule(Accept, Proto(Protocol.Sctp), new ConntrackPortMatch(ConntrackTuple.Reply, AddressSide.Destination, new PortSpan(0, 4))),
                    Rule(Accept, new ConntrackAddressMatch(ConntrackTuple.Reply, AddressSide.Destination, "2001:db8::/64", Negated: true)))));
        // -m iprange in both families and on both sides, negated or not; IPv6 ends in the compressed form
        // iptables-save prints, and a range of one address, which it prints FROM-FROM.
        yield return Policy("iprange",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input,
                    Rule(Accept, new AddressRangeMatch(AddressSide.Source, "10.0.0.1", "10.0.0.9"), Proto(Protocol.Tcp), Dport(22)),
                    Rule(Drop, new AddressRangeMatch(AddressSide.Source, "192.168.1.100", "192.168.1.200", Negated: true), new AddressRangeMatch(AddressSide.Destination, "10.0.0.1", "10.0.0.1")),
                    Rule(Accept, new AddressRangeMatch(AddressSide.Destination, "2001:db8::1", "2001:db8::ff", Negated: true)),
                    Rule(Accept, new AddressRangeMatch(AddressSide.Source, "fe80::1", "fe80::1:0"))),
                Builtin(Hook.Forward, Rule(Drop, new AddressRangeMatch(AddressSide.Destination, "0.0.0.0", "255.255.255.255"))))); 
        // --tcp-flags and --syn (alone, and in one tcp match with ports), and pkttype: the lines real dumps carry.
        yield return Policy("tcp-flags-pkttype",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input,
                    Rule(Drop, Proto(Protocol.Tcp), TcpFlagsMatch.Syn(negated: true), State(ConntrackStates.New)),
                    Rule(Accept, Proto(Protocol.Tcp), Dport(22), TcpFlagsMatch.Syn()),
                    Rule(Drop, Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.All, TcpFlags.None)),
                    Rule(Drop, Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.All, TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Urg)),
                    Rule(Drop, Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.Syn | TcpFlags.Rst, TcpFlags.Syn | TcpFlags.Rst, Negated: true), Sport(80)),
                    Rule(Drop, new PacketTypeMatch(PacketType.Broadcast)),
                    Rule(Accept, new PacketTypeMatch(PacketType.Multicast)),
                    Rule(Drop, new PacketTypeMatch(PacketType.Unicast, Negated: true))),
                Builtin(Hook.Output, Rule(Accept, Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.Syn | TcpFlags.Ack, TcpFlags.Syn | TcpFlags.Ack)), Rule(Accept, new PacketTypeMatch(PacketType.Unicast)))));

        // kube-proxy's session affinity and the counting rule ending a KUBE-FW chain; INPUT drops by default, so
        // both families are emitted and the recent match prints each family's mask.
        yield return Policy(IptablesOnly,
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Drop,
                    Rule(Drop, new RecentMatch("ssh-scan", RecentCommand.Rcheck, 60, Reap: true), Proto(Protocol.Tcp), Dport(22)),
                    Rule(Drop, new RecentMatch("DEFAULT", RecentCommand.Rcheck)),
                    Rule(Accept, Proto(Protocol.Tcp), Dport(22), new RecentMatch("ssh-scan", RecentCommand.Set), State(ConntrackStates.New)),
                    Rule(NoTarget.Instance, Proto(Protocol.Udp), Comment("counted, then on to the next rule")),
                    // kube-proxy's metrics counter; the kernel test creates the nfacct object first.
                    Rule(Drop, State(ConntrackStates.Invalid), new NfacctMatch("ct_state_invalid_dropped_pkts")),
                    // -m set on sets fail2ban and firewalld make (the kernel test creates them first); one family each.
                    Rule(new RejectTarget(), Proto(Protocol.Tcp), Dport(22), new SetMatch("f2b-sshd", new[] { AddressSide.Source }, false, IpFamily.IPv4)),
                    Rule(Drop, new SetMatch("trusted", new[] { AddressSide.Source, AddressSide.Destination }, true, IpFamily.IPv4)),
                    Rule(Drop, new SetMatch("blocklist6", new[] { AddressSide.Destination }, false, IpFamily.IPv6)),
                    Rule(NoTarget.Instance))),
            M.Table(TableKind.Nat,
                Builtin(Hook.Prerouting, Rule(Jump("KUBE-SVC-WEB"), Dst("10.96.0.10"), Proto(Protocol.Tcp), Dport(80))),
                User("KUBE-SVC-WEB",
                    Rule(Jump("KUBE-SEP-WEB1"), Comment("default/web -> 10.244.1.10:8080"), new RecentMatch("KUBE-SEP-WEB1", RecentCommand.Rcheck, 10800, Reap: true)),
                    Rule(Jump("KUBE-FW-WEB"))),
                User("KUBE-FW-WEB",
                    Rule(Jump("KUBE-SEP-WEB1"), Src("203.0.113.0/24")),
                    Rule(NoTarget.Instance, Comment("other traffic to default/web will be dropped by KUBE-PROXY-FIREWALL"))),
                User("KUBE-SEP-WEB1",
                    Rule(new DnatTarget("10.244.1.10", PortSpan.Single(8080)), Comment("default/web"), new RecentMatch("KUBE-SEP-WEB1", RecentCommand.Set), Proto(Protocol.Tcp)))))
            with
            {
                Sets = new[]
                {
                    Model.Sets.NamedSet.Extern("f2b-sshd", Model.Sets.SetType.Ipv4Address, SourceLocation.None),
                    Model.Sets.NamedSet.Extern("trusted", Model.Sets.SetType.Ipv4Address, SourceLocation.None, dimension: 2),
                    Model.Sets.NamedSet.Extern("blocklist6", Model.Sets.SetType.Ipv6Address, SourceLocation.None),
                },
            };
    }
}
