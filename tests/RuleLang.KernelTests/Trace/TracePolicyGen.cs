using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CsCheck;
using RuleLang.KernelTests.Properties;
using RuleLang.KernelTests.Scenarios;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.Testing;
using static RuleLang.Testing.M;

namespace RuleLang.KernelTests.Trace;

/// <summary>One random policy of the trace test and the probes (flows from <see cref="TraceLab"/>'s clients) sent through it.</summary>
internal sealed record TraceCase(Policy Policy, Flow[] Probes);

/// <summary>
/// Random policies whose outcome a TCP or UDP probe can observe on <see cref="TraceLab"/>: filter INPUT (ACCEPT or
/// DROP) with rules over source address or CIDR (negated too), tcp/udp, destination port, multiport and ranges,
/// in-interface, state NEW, comments, and ACCEPT, DROP, REJECT, LOG, RETURN, jump and goto into up to three user
/// chains (a chain only calls later ones: no loop); sometimes a nat PREROUTING REDIRECT or DNAT to the firewall's
/// other address. The probes take the sources and ports the rules mention, plus another port.
/// REDIRECT rules always test <c>-d</c> <see cref="TraceLab.Primary"/>: the kernel redirects to the input
/// interface's first address, which the trace cannot know (its local addresses are a flat list) and so keeps the
/// destination; a probe to <see cref="TraceLab.Alt"/> redirected would land on the primary address instead.
/// </summary>
internal sealed class TracePolicyGen : Gen<TraceCase>
{
    private const int MaxProbes = 9;

    private static readonly string[] Sources =
    {
        "10.77.0.11", "10.77.0.12", "10.77.0.13", "10.77.0.12/31", "10.77.0.12/30", "10.77.0.8/29", "10.77.0.0/24", "192.0.2.0/24",
    };

    private static readonly string[] InInterfaces = { TraceLab.FirewallInterface, "lan+", "eth9" };
    private static readonly PortSpan[] Ranges = { new(1, 100), new(50, 130), new(400, 8100), new(5000, 9001), new(8000, 9000) };
    private static readonly string[] Comments = { "allow ssh", "web", "drop the rest", "dns" };

    public override TraceCase Generate(PCG pcg, Size? min, out Size size)
    {
        var r = new Rnd(pcg);
        TraceCase c = Build(r);
        size = new Size(r.Complexity);
        return c;
    }

    private static TraceCase Build(Rnd r)
    {
        int users = r.Few(3, 0.6);
        var names = Enumerable.Range(1, users).Select(i => "c" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var userChains = new List<Chain>();
        var called = new HashSet<string>(StringComparer.Ordinal);
        for (int i = users - 1; i >= 0; i--)
        {
            userChains.Insert(0, User(names[i], Rules(r, names.Skip(i + 1).ToArray(), user: true, called).ToArray()));
        }
        var input = Rules(r, names, user: false, called);
        // Every user chain is entered from somewhere, so its rules matter.
        foreach (string name in names.Where(n => !called.Contains(n)))
        {
            input.Insert(r.Below(input.Count + 1), Rule(r.Chance(0.7) ? Jump(name) : Goto(name), Proto(Protocol.Tcp)));
            r.Grow(1);
        }
        var inputChain = Builtin(Hook.Input, r.Chance(0.5) ? Verdict.Accept : Verdict.Drop, input.ToArray());
        var tables = new List<Table> { M.Table(TableKind.Filter, new[] { inputChain }.Concat(userChains).ToArray()) };
        Rule? nat = r.Chance(0.4) ? NatRule(r) : null;
        if (nat is not null)
        {
            tables.Add(M.Table(TableKind.Nat, Builtin(Hook.Prerouting, nat)));
        }
        var policy = Policy("rltrace", tables.ToArray());
        return new TraceCase(policy, Probes(r, policy));
    }

    private static List<Rule> Rules(Rnd r, string[] targets, bool user, HashSet<string> called)
    {
        var rules = new List<Rule>();
        int n = 1 + r.Few(4, 0.6);
        for (int i = 0; i < n; i++)
        {
            var matches = new List<Match>();
            Protocol? proto = r.Below(10) switch { < 4 => Protocol.Tcp, < 7 => Protocol.Udp, _ => null };
            if (proto is { } p)
            {
                matches.Add(Proto(p));
            }
            if (r.Chance(0.5))
            {
                matches.Add(Src(r.Pick(Sources), r.Chance(0.25)));
            }
            if (proto is { } q && r.Chance(0.7))
            {
                matches.Add(Ports(r, q));
            }
            if (r.Chance(0.2))
            {
                matches.Add(In(r.Pick(InInterfaces), r.Chance(0.3)));
            }
            if (r.Chance(0.2))
            {
                matches.Add(State(ConntrackStates.New));
            }
            if (r.Chance(0.15))
            {
                matches.Add(Comment(r.Pick(Comments)));
            }
            rules.Add(Rule(PickTarget(r, proto, targets, user, called), matches.ToArray()));
            r.Grow((ulong)(1 + matches.Count));
        }
        return rules;
    }

    private static PortMatch Ports(Rnd r, Protocol proto)
    {
        int[] pool = Pool(proto);
        bool negated = r.Chance(0.15);
        switch (r.Below(3))
        {
            case 0:
                return new PortMatch(AddressSide.Destination, new[] { PortSpan.Single(r.Pick(pool)) }, negated);
            case 1:
                return new PortMatch(AddressSide.Destination, new[] { r.Pick(Ranges) }, negated);
            default:
                var spans = new List<PortSpan>();
                int count = r.Between(2, 3);
                while (spans.Count < count)
                {
                    PortSpan s = r.Chance(0.25) ? r.Pick(Ranges) : PortSpan.Single(r.Pick(pool));
                    if (!spans.Contains(s))
                    {
                        spans.Add(s);
                    }
                }
                return new PortMatch(AddressSide.Destination, spans, negated);
        }
    }

    private static int[] Pool(Protocol proto) => proto == Protocol.Tcp
        ? TraceLab.TcpPorts.Append(TraceLab.TcpUnlistened).ToArray()
        : TraceLab.UdpPorts.Append(TraceLab.UdpUnlistened).ToArray();

    private static Target PickTarget(Rnd r, Protocol? proto, string[] targets, bool user, HashSet<string> called)
    {
        int roll = r.Below(100);
        if (targets.Length > 0 && roll < 25)
        {
            string chain = r.Pick(targets);
            called.Add(chain);
            return r.Chance(0.65) ? Jump(chain) : Goto(chain);
        }
        return r.Below(100) switch
        {
            < 30 => Accept,
            < 50 => Drop,
            < 68 => new RejectTarget(proto == Protocol.Tcp && r.Chance(0.7) ? RejectWith.TcpReset : RejectWith.PortUnreachable),
            < 80 => new LogTarget(r.Chance(0.5) ? "rl: " : null),
            _ => user ? Return : Accept,
        };
    }

    private static Rule NatRule(Rnd r)
    {
        r.Grow(3);
        if (r.Chance(0.5))
        {
            int from = r.Pick(Pool(Protocol.Tcp));
            int to = r.Pick(TraceLab.TcpPorts);
            var m = new List<Match> { Proto(Protocol.Tcp), Dst(TraceLab.Primary), Dport(from) };
            if (r.Chance(0.3))
            {
                m.Add(Src(r.Pick(Sources), r.Chance(0.3)));
            }
            return Rule(new RedirectTarget(PortSpan.Single(to)), m.ToArray());
        }
        Protocol proto = r.Chance(0.6) ? Protocol.Tcp : Protocol.Udp;
        int port = r.Pick(Pool(proto));
        PortSpan? toPort = r.Chance(0.5) ? PortSpan.Single(r.Pick(Pool(proto))) : null;
        var matches = new List<Match> { Proto(proto), Dport(port) };
        if (r.Chance(0.5))
        {
            matches.Add(Dst(TraceLab.Primary));
        }
        return Rule(new DnatTarget(TraceLab.Alt, toPort), matches.ToArray());
    }

    /// <summary>Up to <see cref="MaxProbes"/> distinct probes: the NAT rule's port first, then sources × protocols × the ports the rules mention and one more.</summary>
    private static Flow[] Probes(Rnd r, Policy policy)
    {
        var mentioned = new Dictionary<Protocol, HashSet<int>> { [Protocol.Tcp] = new(), [Protocol.Udp] = new() };
        Rule? nat = null;
        foreach (Rule rule in policy.Tables.SelectMany(t => t.Chains).SelectMany(c => c.Rules))
        {
            Protocol[] protos = rule.Matches.OfType<ProtocolMatch>().Select(m => m.Protocol).ToArray();
            foreach (PortSpan s in rule.Matches.OfType<PortMatch>().SelectMany(m => m.Ports))
            {
                foreach (Protocol p in protos)
                {
                    mentioned[p].Add(s.Low);
                    mentioned[p].Add(s.High);
                    mentioned[p].UnionWith(Pool(p).Where(x => x >= s.Low && x <= s.High));
                }
            }
            if (rule.Target is NatTarget or RedirectTarget)
            {
                nat = rule;
            }
        }
        foreach (Protocol p in mentioned.Keys)
        {
            int[] others = Pool(p).Where(x => !mentioned[p].Contains(x)).ToArray();
            mentioned[p].Add(others.Length > 0 ? r.Pick(others) : r.Pick(Pool(p)));
        }

        var probes = new List<Flow>();
        void Add(string source, Protocol proto, string destination, int port)
        {
            var kind = proto == Protocol.Tcp ? FlowKind.Tcp : FlowKind.Udp;
            string name = $"{source} -> {proto.ToString().ToLowerInvariant()} {destination}:{port.ToString(CultureInfo.InvariantCulture)}";
            if (probes.All(f => f.Name != name))
            {
                probes.Add(new Flow(name, TraceLab.Role(source), kind, destination, port, ""));
            }
        }
        if (nat is not null)
        {
            Protocol p = nat.Matches.OfType<ProtocolMatch>().First().Protocol;
            int port = nat.Matches.OfType<PortMatch>().First().Ports[0].Low;
            Add(r.Pick(TraceLab.Clients), p, TraceLab.Primary, port);
        }
        for (int attempts = 0; probes.Count < MaxProbes && attempts < 40; attempts++)
        {
            Protocol p = r.Chance(0.55) ? Protocol.Tcp : Protocol.Udp;
            Add(r.Pick(TraceLab.Clients), p, r.Chance(0.85) ? TraceLab.Primary : TraceLab.Alt, r.Pick(mentioned[p].Order().ToArray()));
        }
        return probes.ToArray();
    }
}
