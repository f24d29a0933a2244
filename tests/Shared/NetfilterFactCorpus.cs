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
/// The "Netfilter facts" of the design, one valid and one invalid policy each. Unit tests check the checker's
/// IDs; kernel tests apply every emitted ruleset in a fresh namespace and require the same verdict.
/// </summary>
public static class NetfilterFactCorpus
{
    private static readonly string[] None = new string[0];

    public static IEnumerable<FactCase> Cases()
    {
        // Targets and the tables and hooks they belong to.
        yield return Ok("DNAT in nat PREROUTING and OUTPUT", Nat(
            Builtin(Hook.Prerouting, Rule(new DnatTarget("10.0.0.2", PortSpan.Single(22)), Proto(Protocol.Tcp), Dport(2222))),
            Builtin(Hook.Output, Rule(new DnatTarget("10.0.0.2"), Dst("10.9.9.9")))));
        yield return Bad("DNAT in nat INPUT", "RL2102", Nat(Builtin(Hook.Input, Rule(new DnatTarget("10.0.0.2"), Proto(Protocol.Tcp)))));
        yield return Bad("DNAT in nat POSTROUTING", "RL2102", Nat(Builtin(Hook.Postrouting, Rule(new DnatTarget("10.0.0.2")))));
        yield return Bad("DNAT in filter", "RL2101", Filter(Builtin(Hook.Input, Rule(new DnatTarget("10.0.0.2")))));
        yield return Ok("REDIRECT in nat PREROUTING and OUTPUT", Nat(
            Builtin(Hook.Prerouting, Rule(new RedirectTarget(PortSpan.Single(8080)), Proto(Protocol.Tcp), Dport(80))),
            Builtin(Hook.Output, Rule(new RedirectTarget(PortSpan.Single(8080)), Proto(Protocol.Tcp), Dport(80)))));
        yield return Bad("REDIRECT in nat POSTROUTING", "RL2102", Nat(Builtin(Hook.Postrouting, Rule(new RedirectTarget(PortSpan.Single(8080)), Proto(Protocol.Tcp)))));
        yield return Ok("SNAT in nat POSTROUTING and INPUT", Nat(
            Builtin(Hook.Postrouting, Rule(new SnatTarget("192.0.2.1"), Out("eth0"))),
            Builtin(Hook.Input, Rule(new SnatTarget("192.0.2.1"), Src("10.0.0.0/8")))));
        yield return Bad("SNAT in nat OUTPUT", "RL2102", Nat(Builtin(Hook.Output, Rule(new SnatTarget("192.0.2.1")))));
        yield return Bad("SNAT in nat PREROUTING", "RL2102", Nat(Builtin(Hook.Prerouting, Rule(new SnatTarget("192.0.2.1")))));
        yield return Ok("MASQUERADE in nat POSTROUTING", Nat(Builtin(Hook.Postrouting, Rule(new MasqueradeTarget(RandomFully: true), Out("eth1")))));
        yield return Bad("MASQUERADE in nat PREROUTING", "RL2102", Nat(Builtin(Hook.Prerouting, Rule(new MasqueradeTarget()))));
        yield return Bad("MASQUERADE in nat OUTPUT", "RL2102", Nat(Builtin(Hook.Output, Rule(new MasqueradeTarget()))));
        yield return Ok("REJECT in filter INPUT, FORWARD and OUTPUT", Filter(
            Builtin(Hook.Input, Rule(new RejectTarget(), Proto(Protocol.Udp))),
            Builtin(Hook.Forward, Rule(new RejectTarget(RejectWith.AdminProhibited))),
            Builtin(Hook.Output, Rule(new RejectTarget(RejectWith.TcpReset), Proto(Protocol.Tcp)))));
        yield return Bad("REJECT in mangle INPUT", "RL2101", InTable(TableKind.Mangle, Builtin(Hook.Input, Rule(new RejectTarget()))));
        yield return Bad("REJECT in nat PREROUTING", "RL2101", Nat(Builtin(Hook.Prerouting, Rule(new RejectTarget()))));
        yield return Bad("REJECT with tcp-reset without -p tcp", "RL2108", Filter(Builtin(Hook.Input, Rule(new RejectTarget(RejectWith.TcpReset)))));
        yield return Ok("NOTRACK in raw PREROUTING and OUTPUT", InTable(TableKind.Raw,
            Builtin(Hook.Prerouting, Rule(NotrackTarget.Instance, Proto(Protocol.Udp), Dport(53))),
            Builtin(Hook.Output, Rule(NotrackTarget.Instance, Proto(Protocol.Udp), Sport(53)))));
        yield return Bad("NOTRACK in filter", "RL2101", Filter(Builtin(Hook.Input, Rule(NotrackTarget.Instance))));
        yield return Bad("NOTRACK in mangle", "RL2101", InTable(TableKind.Mangle, Builtin(Hook.Prerouting, Rule(NotrackTarget.Instance))));
        yield return Ok("DSCP in mangle", InTable(TableKind.Mangle, Builtin(Hook.Postrouting, Rule(new DscpTarget(46), Proto(Protocol.Udp), Dport(5060)))));
        yield return Bad("DSCP in filter", "RL2101", Filter(Builtin(Hook.Forward, Rule(new DscpTarget(46)))));
        yield return Ok("MARK in nat, filter and mangle", Policy("marks",
            Table(TableKind.Mangle, Builtin(Hook.Prerouting, Rule(new MarkTarget(1)))),
            Table(TableKind.Nat, Builtin(Hook.Output, Rule(new MarkTarget(0x4000, 0x4000)))),
            Table(TableKind.Filter, Builtin(Hook.Forward, Rule(new ConnmarkTarget(ConnmarkMode.Save))))));

        // Hook validity follows jumps into user chains.
        yield return Ok("DNAT in a user chain reached from PREROUTING", Nat(
            Builtin(Hook.Prerouting, Rule(Jump("FWD"))),
            User("FWD", Rule(new DnatTarget("10.0.0.2", PortSpan.Single(80)), Proto(Protocol.Tcp)))));
        yield return Bad("DNAT in a user chain reached from POSTROUTING", "RL2102", Nat(
            Builtin(Hook.Prerouting, Rule(Jump("FWD"))),
            Builtin(Hook.Postrouting, Rule(Jump("MID"))),
            User("MID", Rule(Jump("FWD"))),
            User("FWD", Rule(new DnatTarget("10.0.0.2", PortSpan.Single(80)), Proto(Protocol.Tcp)))));
        yield return Bad("-i in a user chain reached only from OUTPUT", "RL2103", Filter(
            Builtin(Hook.Output, Rule(Jump("LAN"))),
            User("LAN", Rule(Accept, In("eth0")))),
            kernelAccepts: true, why: "iptables checks -i only in built-in chains; reached from OUTPUT alone the rule loads but can never match");
        yield return Ok("-i in a user chain reached from INPUT and OUTPUT (Docker's nat DOCKER chain has this shape)", Filter(
            Builtin(Hook.Input, Rule(Jump("LAN"))),
            Builtin(Hook.Output, Rule(Jump("LAN"))),
            User("LAN", Rule(Accept, In("eth0")))));

        // Interfaces and hooks.
        yield return Ok("-i in PREROUTING, INPUT, FORWARD; -o in FORWARD, OUTPUT, POSTROUTING", Policy("ifaces",
            Table(TableKind.Mangle,
                Builtin(Hook.Prerouting, Rule(Accept, In("eth0"))),
                Builtin(Hook.Input, Rule(Accept, In("eth+"))),
                Builtin(Hook.Forward, Rule(Accept, In("eth0"), Out("eth1"))),
                Builtin(Hook.Output, Rule(Accept, Out("lo"))),
                Builtin(Hook.Postrouting, Rule(Accept, Out("eth1", not: true))))));
        yield return Bad("-i in filter OUTPUT", "RL2103", Filter(Builtin(Hook.Output, Rule(Accept, In("eth0")))));
        yield return Bad("-i in nat POSTROUTING", "RL2103", Nat(Builtin(Hook.Postrouting, Rule(new MasqueradeTarget(), In("eth0")))));
        yield return Bad("-o in raw PREROUTING", "RL2104", InTable(TableKind.Raw, Builtin(Hook.Prerouting, Rule(Accept, Out("eth0")))));
        yield return Bad("-o in filter INPUT", "RL2104", Filter(Builtin(Hook.Input, Rule(Accept, Out("eth0")))));

        // What matches and targets depend on.
        yield return Ok("ports with tcp, udp and sctp", Filter(Builtin(Hook.Input,
            Rule(Accept, Proto(Protocol.Tcp), Dport(22)),
            Rule(Accept, Proto(Protocol.Udp), Sport(53), DportRange(1024, 65535)),
            Rule(Accept, Proto(Protocol.Sctp), Dport(80, 443)))));
        yield return Bad("--dport without a protocol", "RL2105", Filter(Builtin(Hook.Input, Rule(Accept, Dport(22)))));
        yield return Bad("--dport with -p icmp", "RL2105", Filter(Builtin(Hook.Input, Rule(Accept, Proto(Protocol.Icmp), Dport(22)))));
        yield return Bad("DNAT to a port without a protocol", "RL2106", Nat(Builtin(Hook.Prerouting, Rule(new DnatTarget("10.0.0.2", PortSpan.Single(22))))));
        yield return Bad("REDIRECT to a port without a protocol", "RL2106", Nat(Builtin(Hook.Prerouting, Rule(new RedirectTarget(PortSpan.Single(8080))))));
        yield return Ok("icmp type with -p icmp", Filter(Builtin(Hook.Input, Rule(Accept, Proto(Protocol.Icmp), new IcmpTypeMatch(IpFamily.IPv4, 8)))));
        yield return Bad("icmp type without -p icmp", "RL2107", Filter(Builtin(Hook.Input, Rule(Accept, new IcmpTypeMatch(IpFamily.IPv4, 8)))));

        // Values.
        yield return Ok("probability 1", Filter(Builtin(Hook.Input, Rule(Accept, new RandomMatch(1.0)))));
        yield return Bad("probability 0", "RL0108", Filter(Builtin(Hook.Input, Rule(Accept, new RandomMatch(0)))),
            kernelAccepts: true, why: "the kernel takes probability 0, a rule that never matches");
        yield return Bad("probability 1.5", "RL0108", Filter(Builtin(Hook.Input, Rule(Accept, new RandomMatch(1.5)))));
        yield return Ok("interface name of 15 characters", Filter(Builtin(Hook.Input, Rule(Accept, In("abcdefghijklmno")))));
        yield return Bad("interface name of 16 characters", "RL0105", Filter(Builtin(Hook.Input, Rule(Accept, In("abcdefghijklmnop")))));
        yield return Ok("chain name of 28 characters", Filter(Builtin(Hook.Input, Rule(Jump(new string('C', 28)))), User(new string('C', 28), Rule(Accept))));
        yield return Bad("chain name of 29 characters", "RL0106", Filter(Builtin(Hook.Input, Rule(Jump(new string('C', 29)))), User(new string('C', 29), Rule(Accept))));
        yield return Bad("chain named like a target", "RL0106", Filter(Builtin(Hook.Input, Rule(Jump("DROP"))), User("DROP", Rule(Accept))), kernelAccepts: false);
        yield return Ok("comment of 255 characters", Filter(Builtin(Hook.Input, Rule(Accept, Comment(new string('x', 255))))));
        yield return Bad("comment of 256 characters", "RL0107", Filter(Builtin(Hook.Input, Rule(Accept, Comment(new string('x', 256))))),
            kernelAccepts: true, why: "iptables silently cuts a comment to 255 characters");
        // The kernel's limits are bytes of UTF-8, not characters: é is two bytes.
        yield return Ok("comment of 255 bytes in two-byte characters", Filter(Builtin(Hook.Input, Rule(Accept, Comment(new string('\u00e9', 127) + "x")))));
        yield return Bad("comment of 256 bytes in two-byte characters", "RL0107", Filter(Builtin(Hook.Input, Rule(Accept, Comment(new string('\u00e9', 128))))),
            kernelAccepts: true, why: "iptables silently cuts a comment to 255 bytes, inside the last character");
        yield return Bad("comment of 255 two-byte characters", "RL0107", Filter(Builtin(Hook.Input, Rule(Accept, Comment(new string('\u00e9', 255))))),
            kernelAccepts: true, why: "iptables silently cuts the comment's 510 bytes to 255, inside a character");
        yield return Bad("IPv4 and IPv6 in one rule", "RL0109", Filter(Builtin(Hook.Input, Rule(Accept, Src("10.0.0.0/8"), Dst("2001:db8::/32")))));
        yield return Bad("port 65536", "RL0103", Filter(Builtin(Hook.Input, Rule(Accept, Proto(Protocol.Tcp), Dport(65536)))));
        yield return Bad("port range 2000:1000", "RL0104", Filter(Builtin(Hook.Input, Rule(Accept, Proto(Protocol.Tcp), DportRange(2000, 1000)))));
        yield return Bad("port 0", "RL0103", Filter(Builtin(Hook.Input, Rule(Accept, Proto(Protocol.Tcp), Dport(0)))),
            kernelAccepts: true, why: "RuleLang refuses port 0, which no connection uses, although iptables takes it");
        yield return Ok("15 multiport entries", Filter(Builtin(Hook.Input, Rule(Accept, Proto(Protocol.Tcp), Dport(Enumerable.Range(1, 15).ToArray())))));
        yield return Bad("16 multiport entries", "RL0110", Filter(Builtin(Hook.Input, Rule(Accept, Proto(Protocol.Tcp), Dport(Enumerable.Range(1, 16).ToArray())))));
        yield return Ok("recent --rcheck with --seconds and --reap", Filter(Builtin(Hook.Input,
            Rule(Accept, new RecentMatch("SSH", RecentCommand.Rcheck, Seconds: 60, Reap: true)),
            Rule(Drop, new RecentMatch("SSH", RecentCommand.Set)))));
        yield return Bad("recent --set with --seconds", "RL0111", Filter(Builtin(Hook.Input,
            Rule(Accept, new RecentMatch("SSH", RecentCommand.Set, Seconds: 60)))));
        yield return Bad("DSCP 64", "RL0111", InTable(TableKind.Mangle, Builtin(Hook.Forward, Rule(new DscpTarget(64)))));
        yield return Bad("log prefix of 30 characters", "RL0111", Filter(Builtin(Hook.Input, Rule(new LogTarget(new string('p', 30))))),
            kernelAccepts: true, why: "iptables silently cuts a log prefix to 29 characters");
        yield return Ok("log prefix of 29 characters", Filter(Builtin(Hook.Input, Rule(new LogTarget(new string('p', 29), 6)))));
        yield return Ok("log prefix of 29 bytes in two-byte characters", Filter(Builtin(Hook.Input, Rule(new LogTarget(new string('\u00e9', 14) + "p", 6)))));
        yield return Warn("CIDR with host bits set", "RL0102", Filter(Builtin(Hook.Input, Rule(Accept, Src("192.168.1.5/24")))));

        yield return Bad("DROP in nat", "RL2101", Nat(Builtin(Hook.Output, Rule(Drop))));
        yield return Bad("ICMP type 255", "RL0111", Filter(Builtin(Hook.Input, Rule(Accept, Proto(Protocol.Icmp), new IcmpTypeMatch(IpFamily.IPv4, 255)))),
            kernelAccepts: true, why: "iptables reads type 255 as 'any ICMP type', which nft would not");
        yield return Bad("! -s 0.0.0.0/0", "RL0111", Filter(Builtin(Hook.Input, Rule(Accept, Src("0.0.0.0/0", not: true)))));
        yield return Ok("-s 0.0.0.0/0", Filter(Builtin(Hook.Input, Rule(Accept, Src("0.0.0.0/0"), Proto(Protocol.Udp)))));
        yield return Bad("log prefix of 15 two-byte characters", "RL0111", Filter(Builtin(Hook.Input, Rule(new LogTarget(new string('\u00e9', 15))))),
            kernelAccepts: true, why: "the kernel keeps 29 bytes and silently cuts the prefix inside a character");
        yield return Bad("user chain named PREROUTING in filter, with -o", "RL0106", Filter(
            Builtin(Hook.Output, Rule(Jump("PREROUTING"))),
            User("PREROUTING", Rule(Accept, Out("eth0")))));

        // The chain graph.
        yield return Bad("jump to a missing chain", "RL1201", Filter(Builtin(Hook.Input, Rule(Jump("NOWHERE")))));
        yield return Bad("jump loop A → B → A", "RL1202", Filter(
            Builtin(Hook.Input, Rule(Jump("A"))),
            User("A", Rule(Jump("B"))),
            User("B", Rule(Jump("A"), Proto(Protocol.Tcp)))));
        yield return Bad("goto loop A → A", "RL1202", Filter(Builtin(Hook.Input, Rule(Jump("A"))), User("A", Rule(Goto("A"), Proto(Protocol.Udp)))));
        yield return Bad("jump to a built-in chain", "RL1205", Filter(Builtin(Hook.Input, Rule(Jump("OUTPUT")))), kernelAccepts: false);
        yield return Bad("nat has no FORWARD chain", "RL1101", Policy("natfwd",
            new Table(TableKind.Nat, NetfilterFacts.BuiltinHooks(TableKind.Nat).Select(h => Builtin(h)).Append(Builtin(Hook.Forward)).ToArray())),
            kernelAccepts: true, why: "iptables-restore quietly makes FORWARD a user chain of nat that nothing calls");
        yield return Warn("unreferenced user chain", "RL1203", Filter(Builtin(Hook.Input, Rule(Accept)), User("SPARE", Rule(Drop))));
        yield return Warn("rule after an unconditional DROP", "RL1204", Filter(Builtin(Hook.Input, Rule(Drop), Rule(Accept, Proto(Protocol.Tcp), Dport(22)))));
    }

    private static Policy Filter(params Chain[] chains) => InTable(TableKind.Filter, chains);

    private static Policy Nat(params Chain[] chains) => InTable(TableKind.Nat, chains);

    private static Policy InTable(TableKind kind, params Chain[] chains) => Policy("fact", M.Table(kind, chains));

    private static FactCase Ok(string name, Policy policy) => new(name, policy, None, KernelAccepts: true);

    private static FactCase Warn(string name, string id, Policy policy) => new(name, policy, new[] { id }, KernelAccepts: true);

    private static FactCase Bad(string name, string id, Policy policy, bool kernelAccepts = false, string why = "") =>
        new(name, policy, new[] { id }, kernelAccepts, why);
}
