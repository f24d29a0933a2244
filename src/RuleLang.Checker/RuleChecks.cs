using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Checker;

/// <summary>Checks of one rule: its values, what its matches and target depend on, and where it may run.</summary>
internal static class RuleChecks
{
    public static void Check(Rule rule, Chain chain, ChainGraph graph, DiagnosticBag bag)
    {
        foreach (var match in rule.Matches)
        {
            CheckMatchValues(match, match.Location ?? rule.Location, bag);
        }
        CheckTargetValues(rule.Target, rule.Target.Location ?? rule.Location, bag);
        CheckProtocolDependencies(rule, bag);
        TcpMssChecks.Check(rule, bag);
        CtTargetChecks.Check(rule, bag);
        CheckFamilies(rule, bag);
        CheckPlacement(rule, chain, graph, bag);
    }

    private static void CheckMatchValues(Match match, SourceLocation at, DiagnosticBag bag)
    {
        switch (match)
        {
            case AddressMatch a:
                ValueRules.CheckNetwork(a.Address, a.Network, at, bag);
                if (a.Negated && a.Network is { PrefixLength: 0 })
                {
                    bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "address", "! " + a.Address, "it matches no packet at all; remove the rule or name a network");
                }
                break;
            case InterfaceMatch i:
                ValueRules.CheckInterfaceName(i.Name, at, bag);
                if (i.Negated && i.Name == "+")
                {
                    bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "interface", "! +", "it matches no packet at all; remove the rule or name an interface");
                }
                break;
            case PortMatch p:
                ValueRules.CheckPortList(p.Ports, at, bag);
                break;
            case ConntrackExpireMatch ce when ce.Min > ce.Max:
                bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "--ctexpire", $"{ce.Min}:{ce.Max}", "the range runs backwards; write the smaller number of seconds first");
                break;
            case ProtocolMatch { Negated: true, Protocol: Protocol.All }:
                bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "protocol", "! all", "it matches no packet at all; remove the rule or name a protocol");
                break;
            case ConntrackMatch c when c.States == ConntrackStates.None:
                bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "conntrack state list", "(empty)", "name at least one state");
                break;
            case ConntrackProtocolMatch { Protocol: Protocol.All } cp:
                bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "conntrack protocol", (cp.Negated ? "! " : "") + "all",
                    "every connection has a protocol, and iptables refuses --ctproto 0; name one, or leave the test out");
                break;
            case ConntrackAddressMatch ca:
                ValueRules.CheckNetwork(ca.Address, ca.Network, at, bag);
                break;
            case ConntrackPortMatch ct:
                // Unlike --dport, a tuple port may be 0 (iptables reads ":4" as 0:4).
                ValueRules.CheckRange("conntrack port", ct.Ports.Low, 0, PortSpan.MaxPort, at, bag);
                ValueRules.CheckRange("conntrack port", ct.Ports.High, 0, PortSpan.MaxPort, at, bag);
                if (!ct.Ports.IsOrdered)
                {
                    bag.Report(DiagnosticCatalog.PortRangeReversed, at, ct.Ports.Low, ct.Ports.High);
                }
                break;
            case RandomMatch r:
                ValueRules.CheckProbability(r.Probability, at, bag);
                break;
            case NthMatch n:
                ValueRules.CheckNthEvery(n.Every, at, bag);
                ValueRules.CheckNthPacket(n.Packet, n.Every, at, bag);
                break;
            case LimitMatch l:
                ValueRules.CheckLimitRate(l.Rate, l.Unit, at, bag);
                ValueRules.CheckLimitBurst(l.Burst, at, bag);
                break;
            case IcmpTypeMatch t:
                ValueRules.CheckIcmpType(t.Type, at, bag);
                if (t.Code.HasValue)
                {
                    ValueRules.CheckIcmpCode(t.Code.Value, at, bag);
                }
                break;
            case CommentMatch c:
                ValueRules.CheckComment(c.Text, at, bag);
                break;
            case HashLimitMatch h:
                CheckHashLimit(h, at, bag);
                break;
            case ConnectionLimitMatch c:
                // libxt_connlimit reads a 32-bit count and a prefix of the family's length (beyond 32, IPv6 only).
                ValueRules.CheckRange("connlimit count", c.Count, 0, int.MaxValue, at, bag);
                if (c.Prefix is { } prefix)
                {
                    ValueRules.CheckRange("connlimit mask", prefix, 0, 128, at, bag);
                }
                break;
            case RecentMatch r:
                CheckRecent(r, at, bag);
                break;
            case TcpFlagsMatch { Negated: true, Mask: TcpFlags.None }:
                bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "TCP flags", "! NONE NONE", "it matches no packet at all; remove the rule or test a flag");
                break;
            case AddressRangeMatch range:
                CheckAddressRange(range, at, bag);
                break;
            case OwnerMatch owner:
                OwnerChecks.CheckValues(owner, at, bag);
                break;
            case PhysdevMatch physdev:
                PhysdevChecks.CheckValues(physdev, at, bag);
                break;
        }
    }

    /// <summary>
    /// xt_iprange compares each end as one address of the rule's family: iptables refuses an end that is not an
    /// address or has a prefix length, and a range whose ends are of two families; a reversed range loads but
    /// matches no packet, which is never what was meant.
    /// </summary>
    private static void CheckAddressRange(AddressRangeMatch range, SourceLocation at, DiagnosticBag bag)
    {
        foreach (var (text, parsed) in new[] { (range.From, range.FromAddress), (range.To, range.ToAddress) })
        {
            if (parsed is null && IpNetwork.TryParse(text, out _, out _))
            {
                bag.Report(DiagnosticCatalog.InvalidAddress, at, ValueRules.Printable(text), "a range end is one address such as 10.0.0.9, without a prefix length");
            }
            else if (parsed is null)
            {
                ValueRules.CheckHostAddress(text, at, bag);
            }
        }
        if (range.FromAddress is not { } from || range.ToAddress is not { } to)
        {
            return;
        }
        string written = range.From + "-" + range.To;
        if (from.Family != to.Family)
        {
            bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "address range", written, "its ends are of two families; give both ends IPv4 addresses or both IPv6 ones");
        }
        else if (range.IsReversed)
        {
            bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "address range", written, $"it runs backwards and matches no packet; write {range.To}-{range.From}");
        }
    }

    /// <summary>
    /// xt_recent refuses an empty or 200-byte name, --reap without --seconds, --seconds, --reap, --hitcount or --rttl
    /// beside --set or --remove (they qualify a check, and those check nothing), a --hitcount above 65535, and names
    /// its lists as files.
    /// </summary>
    private static void CheckRecent(RecentMatch recent, SourceLocation at, DiagnosticBag bag)
    {
        string name = recent.Name;
        if (!IsTableFileName(name, RecentMatch.MaxNameLength - 1))
        {
            bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "recent list name", ValueRules.Printable(name),
                $"use 1 to {RecentMatch.MaxNameLength - 1} bytes of printable text without spaces, quotes, '\\' or '/'");
        }
        if (!recent.Checks && (recent.Seconds.HasValue || recent.Reap || recent.HitCount.HasValue || recent.Ttl))
        {
            string command = recent.Command == RecentCommand.Set ? "--set" : "--remove";
            string qualifier = recent.Seconds.HasValue ? "--seconds" : recent.Reap ? "--reap" : recent.HitCount.HasValue ? "--hitcount" : "--rttl";
            bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "recent " + command, "with " + qualifier,
                $"--seconds, --reap, --hitcount and --rttl qualify a --rcheck or --update, and iptables refuses them beside {command}; drop them here");
            return;
        }
        if (recent.HitCount is { } hitCount)
        {
            ValueRules.CheckRange("recent --hitcount", hitCount, 1, RecentMatch.MaxHitCount, at, bag);
        }
        if (recent.Seconds is { } seconds)
        {
            ValueRules.CheckRange("recent --seconds", seconds, 1, int.MaxValue, at, bag);
        }
        else if (recent.Reap)
        {
            bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "recent --reap", "without --seconds", "the kernel reaps entries older than --seconds, so give it --seconds");
        }
    }

    /// <summary>xt_recent and xt_hashlimit name a file under /proc/net after the list: no '/', and text iptables can print.</summary>
    private static bool IsTableFileName(string name, int maxBytes) =>
        name.Length > 0 && ValueRules.Utf8Bytes(name) <= maxBytes && name.IndexOf('/') < 0
        && !System.Linq.Enumerable.Any(name, c => c <= ' ' || c == 0x7f || c == '"' || c == '\\');

    /// <summary>
    /// xt_hashlimit and libxt_hashlimit (each proved in a namespace): a name of 1 to 254 bytes that can be a file
    /// name, a rate of at most 1000000 packets a second, a burst of 1 to 1000000, prefixes of 0 to 128 bits (beyond 32
    /// they tie the rule to IPv6), and an expiry of at least 1 ms.
    /// </summary>
    private static void CheckHashLimit(HashLimitMatch limit, SourceLocation at, DiagnosticBag bag)
    {
        string name = limit.Name;
        if (!IsTableFileName(name, HashLimitMatch.MaxNameLength))
        {
            bag.Report(DiagnosticCatalog.ValueOutOfRange, at, "hashlimit name", ValueRules.Printable(name),
                $"use 1 to {HashLimitMatch.MaxNameLength} bytes of printable text without spaces, quotes, '\\' or '/'");
        }
        long perUnit = HashLimitMatch.MaxPerSecond * limit.Unit switch
        {
            RateUnit.Second => 1L,
            RateUnit.Minute => 60L,
            RateUnit.Hour => 3600L,
            _ => 86400L,
        };
        ValueRules.CheckRange($"hashlimit rate (per {limit.Unit.ToString().ToLowerInvariant()})", limit.Rate, 1, perUnit, at, bag);
        ValueRules.CheckRange("hashlimit burst", limit.Burst, 1, HashLimitMatch.MaxBurst, at, bag);
        if (limit.SourcePrefix is { } source)
        {
            ValueRules.CheckRange("hashlimit source prefix", source, 0, 128, at, bag);
        }
        if (limit.DestinationPrefix is { } destination)
        {
            ValueRules.CheckRange("hashlimit destination prefix", destination, 0, 128, at, bag);
        }
        if (limit.ExpireMilliseconds is { } expire)
        {
            ValueRules.CheckRange("hashlimit expire (ms)", expire, 1, int.MaxValue, at, bag);
        }
    }

    private static void CheckTargetValues(Target target, SourceLocation at, DiagnosticBag bag)
    {
        switch (target)
        {
            case JumpTarget j:
                ValueRules.CheckChainName(j.Chain, at, bag);
                break;
            case DnatTarget d:
                ValueRules.CheckHostAddress(d.Address, d.Host, at, bag);
                CheckOptionalSpan(d.Ports, at, bag);
                break;
            case SnatTarget s:
                ValueRules.CheckHostAddress(s.Address, s.Host, at, bag);
                CheckOptionalSpan(s.Ports, at, bag);
                break;
            case MasqueradeTarget m:
                CheckOptionalSpan(m.Ports, at, bag);
                break;
            case RedirectTarget r:
                ValueRules.CheckPortSpan(r.Ports, at, bag);
                break;
            case LogTarget l:
                ValueRules.CheckLogLevel(l.Level, at, bag);
                if (l.Prefix != null)
                {
                    ValueRules.CheckLogPrefix(l.Prefix, at, bag);
                }
                break;
            case DscpTarget d:
                ValueRules.CheckDscp(d.Value, at, bag);
                break;
        }
    }

    private static void CheckOptionalSpan(PortSpan? span, SourceLocation at, DiagnosticBag bag)
    {
        if (span.HasValue)
        {
            ValueRules.CheckPortSpan(span.Value, at, bag);
        }
    }

    private static void CheckProtocolDependencies(Rule rule, DiagnosticBag bag)
    {
        var protocol = rule.Protocol;
        bool hasPorts = protocol is Protocol.Tcp or Protocol.Udp or Protocol.Sctp;
        foreach (var match in rule.Matches)
        {
            if (match is PortMatch port && !hasPorts)
            {
                bag.Report(DiagnosticCatalog.PortWithoutProtocol, rule.Location,
                    port.Side == AddressSide.Source ? "source" : "destination", Describe.Protocol(protocol));
            }
            else if (match is IcmpTypeMatch icmp)
            {
                var needed = icmp.IcmpFamily == IpFamily.IPv4 ? Protocol.Icmp : Protocol.Icmpv6;
                if (protocol != needed)
                {
                    bag.Report(DiagnosticCatalog.IcmpTypeWithoutProtocol, rule.Location, Describe.Protocol(needed), Describe.Protocol(protocol));
                }
            }
        }
        foreach (var flags in rule.Matches.OfType<TcpFlagsMatch>())
        {
            if (protocol != Protocol.Tcp || rule.Matches.OfType<ProtocolMatch>().Any(p => p.Negated))
            {
                bag.Report(DiagnosticCatalog.TcpFlagsWithoutTcp, flags.Location ?? rule.Location,
                    (flags.Negated ? "! " : "") + "--tcp-flags " + TcpFlagsMatch.IptablesNames(flags.Mask) + " " + TcpFlagsMatch.IptablesNames(flags.Comparison), Describe.Protocol(protocol));
            }
        }
        PortSpan? natPort = rule.Target switch
        {
            DnatTarget d => d.Ports,
            SnatTarget s => s.Ports,
            RedirectTarget r => r.Ports,
            MasqueradeTarget m => m.Ports,
            _ => null,
        };
        if (natPort.HasValue && !hasPorts)
        {
            bag.Report(DiagnosticCatalog.NatPortWithoutProtocol, rule.Location, rule.Target.Name, natPort.Value.ToNatString());
        }
        if (rule.Target is RejectTarget { With: RejectWith.TcpReset } && protocol != Protocol.Tcp)
        {
            bag.Report(DiagnosticCatalog.TcpResetWithoutTcp, rule.Location, Describe.Protocol(protocol));
        }
    }

    private static void CheckFamilies(Rule rule, DiagnosticBag bag)
    {
        // Words for the message are only made when there is something to report: this runs for every rule.
        Match? v4 = null;
        Match? v6 = null;
        foreach (var match in rule.Matches)
        {
            var family = match.Family;
            if (family == IpFamily.IPv4)
            {
                v4 ??= match;
            }
            else if (family == IpFamily.IPv6)
            {
                v6 ??= match;
            }
        }
        var targetFamily = rule.Target.Family;
        if (v4 != null && (v6 != null || targetFamily == IpFamily.IPv6))
        {
            bag.Report(DiagnosticCatalog.MixedAddressFamilies, rule.Location, Describe.Match(v4), v6 != null ? Describe.Match(v6) : Describe.Target(rule.Target));
        }
        else if (v6 != null && targetFamily == IpFamily.IPv4)
        {
            bag.Report(DiagnosticCatalog.MixedAddressFamilies, rule.Location, Describe.Target(rule.Target), Describe.Match(v6));
        }
    }

    private static void CheckPlacement(Rule rule, Chain chain, ChainGraph graph, DiagnosticBag bag)
    {
        var table = graph.Table;
        var placement = TargetPlacement.Of(rule.Target);
        if (!placement.AllowsTable(table.Kind))
        {
            bag.Report(DiagnosticCatalog.TargetNotInTable, rule.Location, rule.Target.Name, table.Name, placement.Where);
        }
        else
        {
            foreach (var hook in graph.HooksOf(chain.Name))
            {
                if (!placement.AllowsHook(hook))
                {
                    bag.Report(DiagnosticCatalog.TargetNotAtHook, rule.Location, rule.Target.Name, table.Name,
                        NetfilterFacts.ChainName(hook), Describe.Path(graph.PathFrom(hook, chain.Name)), placement.Where);
                    break;
                }
            }
        }

        foreach (var owner in rule.Matches.OfType<OwnerMatch>())
        {
            OwnerChecks.CheckPlacement(rule, owner, chain, graph, bag);
        }
        foreach (var physdev in rule.Matches.OfType<PhysdevMatch>())
        {
            PhysdevChecks.CheckPlacement(rule, physdev, chain, graph, bag);
        }

        foreach (var match in rule.Matches)
        {
            if (match is not InterfaceMatch iface)
            {
                continue;
            }
            CheckInterfacePlacement(rule, iface, chain, graph, bag);
        }
    }

    /// <summary>
    /// iptables refuses -i/-o in a built-in chain whose hook lacks that interface; in a user chain the kernel takes
    /// it. A user chain reached from several hooks (Docker's nat DOCKER chain, from PREROUTING and OUTPUT) matches on
    /// the paths that have the interface, so only a chain that no reaching hook gives the interface is an error.
    /// </summary>
    private static void CheckInterfacePlacement(Rule rule, InterfaceMatch iface, Chain chain, ChainGraph graph, DiagnosticBag bag)
    {
        bool Allowed(Hook hook) => iface.Side == InterfaceSide.In
            ? NetfilterFacts.AllowsInInterface(hook)
            : NetfilterFacts.AllowsOutInterface(hook);

        var hooks = graph.HooksOf(chain.Name).ToArray();
        if (!chain.IsBuiltin && hooks.Any(Allowed))
        {
            return;
        }
        foreach (var hook in hooks)
        {
            if (!Allowed(hook))
            {
                bag.Report(iface.Side == InterfaceSide.In ? DiagnosticCatalog.InInterfaceAtHook : DiagnosticCatalog.OutInterfaceAtHook,
                    iface.Location ?? rule.Location, ValueRules.Printable(iface.Name), graph.Table.Name, NetfilterFacts.ChainName(hook), Describe.Path(graph.PathFrom(hook, chain.Name)));
                return;
            }
        }
    }
}
