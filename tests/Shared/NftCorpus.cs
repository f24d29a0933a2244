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
/// Policies for the nft back end: the normal-form corpus (the policies nft writes), made writable in nft (a '"' in a comment or log prefix
/// becomes a "'": nft strings have no escape for '"', and RL3101 refuses the original), plus shapes that only
/// the nft back end treats specially (service dispatch maps, numgen maps and when they must not be used,
/// family-neutral rules with per-rule state, mark arithmetic).
/// </summary>
public static class NftCorpus
{
    public static IEnumerable<Policy> Policies()
    {
        foreach (var policy in NormalFormCorpus.NftWritablePolicies())
        {
            yield return WithoutDoubleQuotes(policy);
        }
        yield return Shapes();
    }

    public static Policy WithoutDoubleQuotes(Policy policy) => policy with
    {
        Tables = policy.Tables.Select(t => t with
        {
            Chains = t.Chains.Select(c => c with
            {
                Rules = c.Rules.Select(r => r with
                {
                    Matches = r.Matches.Select(m => m is CommentMatch comment ? new CommentMatch(comment.Text.Replace('"', '\'')) : m).ToArray(),
                    Target = r.Target is LogTarget { Prefix: { } prefix } log ? log with { Prefix = prefix.Replace('"', '\'') } : r.Target,
                }).ToArray(),
            }).ToArray(),
        }).ToArray(),
    };

    public static Policy Shapes() => Policy("nft-shapes",
        M.Table(TableKind.Filter,
            Builtin(Hook.Input, Verdict.Drop,
                // Family-neutral with per-rule state: one IPv4 and one IPv6 rule, each with its own token bucket.
                Rule(Accept, Proto(Protocol.Tcp), Dport(8443), new LimitMatch(20, RateUnit.Minute, 3)),
                Rule(new LogTarget("every 5th: "), new NthMatch(5, 2)),
                Rule(Accept, In("veth+"), Comment("pods")),
                Rule(new RejectTarget(RejectWith.NetUnreachable), Src("2001:db8:dead::/48")),
                Rule(new RejectTarget(RejectWith.HostUnreachable), Src("198.51.100.0/24")),
                Rule(Accept, Proto(Protocol.Icmpv6, not: true), Src("fe80::/10")),
                Rule(Accept, Proto(Protocol.Icmp)),
                Rule(Accept, State(ConntrackStates.Dnat)),
                Rule(Accept, State(ConntrackStates.Snat | ConntrackStates.Dnat)),
                Rule(Accept, new MarkMatch(0x10, 0xf0)),
                Rule(Accept, new MarkMatch(1, Negated: true)),
                Rule(new RejectTarget()))),
        M.Table(TableKind.Mangle,
            Builtin(Hook.Forward,
                Rule(new DscpTarget(0x2e), Proto(Protocol.Udp), new LimitMatch(100, RateUnit.Second)),
                Rule(new MarkTarget(0x0f0f, 0x00f0)),
                Rule(new MarkTarget(0x10, 0xf0)),
                Rule(new ConnmarkTarget(ConnmarkMode.Set, 0x2, 0xff)))),
        M.Table(TableKind.Nat,
            Builtin(Hook.Prerouting,
                // Two dispatch maps (a family change ends the first), then a repeated key, which stays a rule.
                Rule(Jump("SVC-A6"), Dst("2001:db8::10"), Proto(Protocol.Tcp), Comment("a6"), Dport(80)),
                Rule(Jump("SVC-B6"), Dst("2001:db8::20"), Proto(Protocol.Udp), Dport(53)),
                Rule(Jump("SVC-C"), Dst("10.96.1.1"), Proto(Protocol.Sctp), Dport(9000)),
                Rule(Jump("SVC-C"), Dst("10.96.1.2"), Proto(Protocol.Tcp), Dport(9000)),
                Rule(Jump("SVC-C"), Dst("10.96.1.2"), Proto(Protocol.Tcp), Dport(9000))),
            Builtin(Hook.Postrouting,
                Rule(new SnatTarget("2001:db8::1"), Src("fd00::/8")),
                Rule(new MasqueradeTarget(RandomFully: true), Out("wan+"))),
            // Gotos: a chain that returns hands the packet to the caller either way, so a map is exact.
            User("SVC-A6",
                Rule(Goto("SEP-A1"), new RandomMatch(1.0 / 3), Comment("a1")),
                Rule(Goto("SEP-A2"), new RandomMatch(1.0 / 2), Comment("a2")),
                Rule(Goto("SEP-A3"), Comment("a3"))),
            User("SEP-A1", Rule(new DnatTarget("2001:db8::a1", PortSpan.Single(8080)), Proto(Protocol.Tcp))),
            User("SEP-A2", Rule(new DnatTarget("2001:db8::a2", PortSpan.Single(8080)), Proto(Protocol.Tcp))),
            User("SEP-A3", Rule(new MarkTarget(3))),
            // Jumps to chains that may return: iptables would roll the next rule after a return, so no map.
            User("SVC-B6",
                Rule(Jump("SEP-B1"), new RandomMatch(1.0 / 2)),
                Rule(Jump("SEP-B2"))),
            User("SEP-B1", Rule(new MarkTarget(1))),
            User("SEP-B2", Rule(new DnatTarget("2001:db8::b2"), Src("2001:db8::/64"))),
            // Jumps to chains that end every IPv4 packet (an unconditional DNAT) and hold nothing for IPv6: a map.
            User("SVC-C",
                Rule(Jump("SEP-C1"), new RandomMatch(1.0 / 2)),
                Rule(Jump("SEP-C2"))),
            User("SEP-C1", Rule(Jump("MARK-IT"), Src("10.0.0.0/8")), Rule(new DnatTarget("10.0.1.1"))),
            User("SEP-C2", Rule(new DnatTarget("10.0.1.2"))),
            User("MARK-IT", Rule(new MarkTarget(0x4000, 0x4000)))));
}
