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

    /// <summary>-m owner's negated forms and --socket-exists alone, which nft cannot say (RL3101).</summary>
    public const string OwnerIptablesOnly = "owner-iptables-only";

    /// <summary>-m physdev, which nft cannot say in an ip or inet table (RL3101).</summary>
    public const string PhysdevIptablesOnly = "physdev-iptables-only";

    /// <summary>The policies the nft back end writes too.</summary>
    public static IEnumerable<Policy> NftWritablePolicies() => Policies().Where(p => p.Name is not (IptablesOnly or OwnerIptablesOnly or PhysdevIptablesOnly));

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
        // CT --helper in raw, the OpenStack and firewalld lines: one helper of each protocol, sip under both, and
        // irc, which only iptables has (the rule goes to the IPv4 file alone).
        yield return Policy("ct-helper",
            M.Table(TableKind.Raw,
                Builtin(Hook.Prerouting,
                    Rule(new CtTarget("ftp"), Proto(Protocol.Tcp), Dport(21)),
                    Rule(new CtTarget("sip"), Proto(Protocol.Udp), Dport(5060)),
                    Rule(new CtTarget("sip"), Proto(Protocol.Tcp), Dport(5060)),
                    Rule(new CtTarget("irc"), Proto(Protocol.Tcp), Dport(6667))),
                Builtin(Hook.Output,
                    Rule(new CtTarget("tftp"), Proto(Protocol.Udp), Dport(69)),
                    Rule(new CtTarget("Q.931"), Proto(Protocol.Tcp)))));
        // CT --zone, --zone-orig and --zone-reply (iptables-save prints each as given), to the largest zone.
        yield return Policy("ct-zone",
            M.Table(TableKind.Raw,
                Builtin(Hook.Prerouting,
                    Rule(new CtTarget(Zone: 1), In("eth1")),
                    Rule(new CtTarget(Zone: 3, ZoneDirection: ConntrackZoneDirection.Original), In("eth2")),
                    Rule(new CtTarget(Zone: 4, ZoneDirection: ConntrackZoneDirection.Reply), In("eth3"))),
                Builtin(Hook.Output, Rule(new CtTarget(Zone: CtTarget.MaxZone)))));
        // conntrack --ctstatus (one bit, several, negated) and --ctdir; --ctexpire is in the iptables-only policy,
        // since nft lists its milliseconds back as whole seconds.
        yield return Policy("conntrack-status",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input,
                    Rule(Accept, State(ConntrackStates.Established), new ConntrackStatusMatch(ConntrackStatus.Assured | ConntrackStatus.Confirmed)),
                    Rule(Accept, new ConntrackStatusMatch(ConntrackStatus.Expected, Negated: true), new ConntrackDirectionMatch(ConntrackTuple.Original)),
                    Rule(Drop, Proto(Protocol.Tcp), new ConntrackDirectionMatch(ConntrackTuple.Reply)),
                    Rule(Accept, new ConntrackStatusMatch(ConntrackStatus.SeenReply | ConntrackStatus.Expected, Negated: true)))));
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
        // TCPMSS: clamping where a route is known (FORWARD, POSTROUTING) and a fixed MSS anywhere, each after the SYN
        // test the kernel asks for (--syn, or --tcp-flags SYN,RST SYN as the MSS-clamping recipes write it).
        yield return Policy("tcpmss",
            M.Table(TableKind.Mangle,
                Builtin(Hook.Prerouting, Rule(new TcpMssTarget(1360), Proto(Protocol.Tcp), TcpFlagsMatch.Syn(), In("wg0"))),
                Builtin(Hook.Forward, Rule(new TcpMssTarget(), Proto(Protocol.Tcp), new TcpFlagsMatch(TcpFlags.Syn | TcpFlags.Rst, TcpFlags.Syn))),
                Builtin(Hook.Postrouting, Rule(new TcpMssTarget(0), Proto(Protocol.Tcp), TcpFlagsMatch.Syn(), Out("ppp0")))),
            M.Table(TableKind.Filter,
                Builtin(Hook.Output, Rule(new TcpMssTarget(), Proto(Protocol.Tcp), Dport(443), TcpFlagsMatch.Syn()))));
        // Every REJECT reply in both families: the ones each family alone has reach only its ruleset.
        yield return Policy("reject-types",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input,
                    Rule(new RejectTarget(RejectWith.ProtoUnreachable), Proto(Protocol.Udp), Dport(1)),
                    Rule(new RejectTarget(RejectWith.NetProhibited), Proto(Protocol.Udp), Dport(2)),
                    Rule(new RejectTarget(RejectWith.HostProhibited), Proto(Protocol.Udp), Dport(3)),
                    Rule(new RejectTarget(RejectWith.PolicyFail), Proto(Protocol.Udp), Dport(4)),
                    Rule(new RejectTarget(RejectWith.RejectRoute), Proto(Protocol.Udp), Dport(5)),
                    Rule(new RejectTarget(RejectWith.NetUnreachable), Proto(Protocol.Udp), Dport(6)),
                    Rule(new RejectTarget(RejectWith.HostUnreachable), Proto(Protocol.Udp), Dport(7)),
                    Rule(new RejectTarget(RejectWith.AdminProhibited), Proto(Protocol.Udp), Dport(8)),
                    Rule(new RejectTarget(RejectWith.PortUnreachable), Proto(Protocol.Udp), Dport(9)),
                    Rule(new RejectTarget(RejectWith.TcpReset), Proto(Protocol.Tcp), Dport(10))),
                Builtin(Hook.Forward, Rule(new RejectTarget(RejectWith.HostProhibited), Src("192.0.2.0/24")), Rule(new RejectTarget(RejectWith.RejectRoute), Src("2001:db8::/32")))));
        // LOG's flags: all five (nft: flags all), and subsets nft lists flag by flag.
        yield return Policy("log-flags",
            M.Table(TableKind.Filter,
                Builtin(Hook.Input,
                    Rule(new LogTarget("all: ", 1) { Flags = LogFlags.All }),
                    Rule(new LogTarget("tcp: ") { Flags = LogFlags.TcpSequence | LogFlags.TcpOptions }, Proto(Protocol.Tcp)),
                    Rule(new LogTarget() { Flags = LogFlags.IpOptions | LogFlags.MacDecode }),
                    Rule(new LogTarget(null, 6) { Flags = LogFlags.Uid | LogFlags.TcpSequence }))));

        // -m owner in every table at both hooks that take it, in a user chain OUTPUT reaches, in both families;
        // options given in another order than libxt_owner prints them (socket, uid, gid), ranges and the largest id.
        yield return Policy("owner",
            M.Table(TableKind.Filter,
                Builtin(Hook.Output,
                    Rule(Drop, new OwnerMatch(Uid: 65534)),
                    Rule(Jump("APPS"), new OwnerMatch(Gid: OwnerIds.Between(1000, 1999), Uid: OwnerIds.Between(1000, 4294967294), SocketExists: true))),
                User("APPS", Rule(Accept, Proto(Protocol.Tcp), Dport(443), new OwnerMatch(Uid: 0)))),
            M.Table(TableKind.Mangle, Builtin(Hook.Postrouting, Rule(Accept, new OwnerMatch(Gid: 100), Dst("2001:db8::/32")))),
            M.Table(TableKind.Nat, Builtin(Hook.Output, Rule(Return, new OwnerMatch(Uid: 0)))),
            M.Table(TableKind.Raw, Builtin(Hook.Output, Rule(NotrackTarget.Instance, new OwnerMatch(Uid: 33)))));
        yield return Policy(OwnerIptablesOnly,
            M.Table(TableKind.Filter,
                Builtin(Hook.Output,
                    Rule(Drop, new OwnerMatch(Uid: OwnerIds.Not(0), Gid: OwnerIds.Between(5, 9).Inverted())),
                    Rule(Accept, new OwnerMatch(SocketExists: true)),
                    Rule(Accept, new OwnerMatch(SocketExists: false)))),
            M.Table(TableKind.Mangle, Builtin(Hook.Postrouting, Rule(Accept, new OwnerMatch(Uid: 0, SocketExists: false)))));

        // -m physdev with every option, negated or not, given in another order than libxt_physdev prints them
        // (is-in, in, is-out, out, is-bridged); OUTPUT takes the output port only beside --physdev-is-bridged.
        yield return Policy(PhysdevIptablesOnly,
            M.Table(TableKind.Filter,
                Builtin(Hook.Forward,
                    Rule(Accept, new PhysdevMatch(IsBridged: true, Out: new BridgePort("veth+"), In: new BridgePort("eth1", true), IsIn: true, IsOut: false)),
                    Rule(Drop, new PhysdevMatch(Out: new BridgePort("eth0"), IsBridged: false)),
                    Rule(Accept, new PhysdevMatch(IsOut: true))),
                Builtin(Hook.Input, Rule(Accept, new PhysdevMatch(In: new BridgePort("br-lan1")))),
                Builtin(Hook.Output, Rule(Accept, new PhysdevMatch(Out: new BridgePort("eth0"), IsBridged: true)))),
            M.Table(TableKind.Mangle, Builtin(Hook.Prerouting, Rule(Accept, new PhysdevMatch(IsIn: false), Dst("2001:db8::/32")))),
            M.Table(TableKind.Raw, Builtin(Hook.Prerouting, Rule(NotrackTarget.Instance, new PhysdevMatch(IsBridged: true)))));

        // kube-proxy's session affinity and the counting rule ending a KUBE-FW chain; INPUT drops by default, so
        // both families are emitted and the recent match prints each family's mask.
        yield return Policy(IptablesOnly,
            M.Table(TableKind.Filter,
                Builtin(Hook.Input, Verdict.Drop,
                    Rule(Drop, new RecentMatch("ssh-scan", RecentCommand.Rcheck, 60, Reap: true), Proto(Protocol.Tcp), Dport(22)),
                    Rule(Drop, new RecentMatch("DEFAULT", RecentCommand.Rcheck)),
                    // --ctexpire: nft lists its milliseconds back as whole seconds, so it is proven in iptables here.
                    Rule(Accept, new ConntrackExpireMatch(0, 60), new ConntrackExpireMatch(3, 3), new ConntrackExpireMatch(10, uint.MaxValue, Negated: true)),
                    Rule(Accept, Proto(Protocol.Tcp), Dport(22), new RecentMatch("ssh-scan", RecentCommand.Set), State(ConntrackStates.New)),
                    // The SSH guard's --update with --seconds and --hitcount; --rttl, --reap, --rdest and --remove.
                    Rule(Drop, Proto(Protocol.Tcp), Dport(22), State(ConntrackStates.New), new RecentMatch("ssh-scan", RecentCommand.Update, 60, HitCount: 4)),
                    Rule(Drop, new RecentMatch("flood", RecentCommand.Update, 30, Reap: true, HitCount: 10, Ttl: true, Side: AddressSide.Destination)),
                    Rule(NoTarget.Instance, new RecentMatch("portscan", RecentCommand.Remove, Side: AddressSide.Destination)),
                    // hashlimit: 60/min prints as 1/sec; an expiry equal to the printed unit and a full mask are left out.
                    Rule(Accept, Proto(Protocol.Tcp), Dport(22), new HashLimitMatch("ssh", 4, RateUnit.Minute, Keys: HashLimitKeys.SourceAddress)),
                    Rule(Drop, new HashLimitMatch("flood", 60, RateUnit.Minute, Above: true, Burst: 1, Keys: HashLimitKeys.SourceAddress | HashLimitKeys.DestinationPort, ExpireMilliseconds: 1000)),
                    // connlimit: the mask and side always printed, the family's full length by default.
                    Rule(new RejectTarget(RejectWith.TcpReset), Proto(Protocol.Tcp), Dport(22), new ConnectionLimitMatch(3, true)),
                    Rule(Accept, new ConnectionLimitMatch(100, false, 24)),
                    Rule(Drop, new ConnectionLimitMatch(5, true, Side: AddressSide.Destination)),
                    Rule(Accept, new HashLimitMatch("net", 7, RateUnit.Hour, Burst: 20, Keys: HashLimitKeys.SourcePort | HashLimitKeys.DestinationAddress, SourcePrefix: 24, DestinationPrefix: 16, ExpireMilliseconds: 30000)),
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
