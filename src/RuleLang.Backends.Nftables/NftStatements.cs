using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Backends.Nftables;

/// <summary>
/// Prints the items of a chain as nft rule lines. Statements keep iptables' evaluation order (addresses,
/// interfaces, protocol, then the matches in the rule's order, then the target), which matters for matches with
/// state (limit, nth): a packet that fails an earlier match must not use up a token or count.
/// </summary>
public sealed class NftStatements
{
    private const string Indent = "\t\t";

    private readonly TableKind _table;
    private readonly List<string> _parts = new(16);
    private readonly List<string> _comments = new(2);

    // The rule being printed's protocol: a helper object is chosen by helper and protocol (sip has one of each).
    private Protocol _ruleProtocol;

    internal NftStatements(TableKind table) => _table = table;

    internal void Append(StringBuilder output, NftItem item)
    {
        switch (item)
        {
            case NftRuleItem r:
                AppendRule(output, r.Rule, r.Family);
                break;
            case NftDispatchItem d:
                AppendDispatch(output, d);
                break;
            case NftRandomMapItem m:
                AppendRandomMap(output, m);
                break;
        }
    }

    private void AppendRule(StringBuilder output, Rule rule, IpFamily? family)
    {
        _ruleProtocol = rule.Protocol;
        _parts.Clear();
        _comments.Clear();
        int firstPin = -1;
        int firstStateful = -1;
        void Pin()
        {
            if (firstPin < 0)
            {
                firstPin = _parts.Count - 1;
            }
        }
        void Stateful()
        {
            if (firstStateful < 0)
            {
                firstStateful = _parts.Count - 1;
            }
        }

        foreach (var side in new[] { AddressSide.Source, AddressSide.Destination })
        {
            foreach (var match in rule.Matches)
            {
                if (match is AddressMatch a && a.Side == side)
                {
                    var network = a.Network ?? throw new InvalidOperationException($"'{a.Address}' reached the nft back end unparsed; the checker must reject it first.");
                    _parts.Add((network.Family == IpFamily.IPv4 ? "ip " : "ip6 ") + (side == AddressSide.Source ? "saddr " : "daddr ")
                        + Not(a.Negated) + NftValues.Address(network));
                    Pin();
                }
            }
        }
        foreach (var side in new[] { InterfaceSide.In, InterfaceSide.Out })
        {
            foreach (var match in rule.Matches)
            {
                // A bare '+' is a prefix of every name: iptables matches every packet with it, and nft refuses the
                // all-wildcard "*", so the test is left out (its negation, which matches nothing, the checker refuses).
                if (match is InterfaceMatch i && i.Side == side && !(i.Name == "+" && !i.Negated))
                {
                    _parts.Add((side == InterfaceSide.In ? "iifname " : "oifname ") + Not(i.Negated) + Interface(i.Name));
                }
            }
        }
        AppendProtocol(rule, Pin);

        bool singlePortsDone = false;
        foreach (var match in rule.Matches)
        {
            switch (match)
            {
                case PortMatch { IsMultiport: false }:
                    if (!singlePortsDone)
                    {
                        AppendSinglePorts(rule, AddressSide.Source);
                        AppendSinglePorts(rule, AddressSide.Destination);
                        singlePortsDone = true;
                    }
                    break;
                case PortMatch p:
                    _parts.Add(ProtocolWord(rule.Protocol) + (p.Side == AddressSide.Source ? " sport " : " dport ") + Not(p.Negated) + PortSet(p.Ports));
                    break;
                case ConntrackMatch c:
                    _parts.Add(Conntrack(c));
                    break;
                case ConntrackProtocolMatch cp:
                    _parts.Add("ct original protocol " + Not(cp.Negated) + NftValues.Protocol(cp.Protocol));
                    break;
                case ConntrackAddressMatch ca:
                    var tupleNetwork = ca.Network ?? throw new InvalidOperationException($"'{ca.Address}' reached the nft back end unparsed; the checker must reject it first.");
                    _parts.Add(TupleWord(ca.Tuple) + (tupleNetwork.Family == IpFamily.IPv4 ? " ip " : " ip6 ") + (ca.Side == AddressSide.Source ? "saddr " : "daddr ")
                        + Not(ca.Negated) + NftValues.Address(tupleNetwork));
                    Pin();
                    break;
                case ConntrackPortMatch ct:
                    // nft reads a tuple's port only after a test of the packet's protocol (-p, or the port test
                    // that stands for it, which come first); NftCompatibility refuses a rule without one.
                    _parts.Add(TupleWord(ct.Tuple) + (ct.Side == AddressSide.Source ? " proto-src " : " proto-dst ") + Not(ct.Negated) + NftValues.Port(ct.Ports));
                    break;
                case ConntrackStatusMatch cs:
                    _parts.Add("ct status " + (cs.Negated ? "! " : "") + NftConntrack.Status(cs.Status));
                    break;
                case ConntrackDirectionMatch cd:
                    _parts.Add("ct direction " + (cd.Direction == ConntrackTuple.Original ? "original" : "reply"));
                    break;
                case ConntrackExpireMatch ce:
                    _parts.Add(NftConntrack.Expiration(ce));
                    break;
                case MarkMatch m:
                    _parts.Add(m.Mask == 0xffffffff
                        ? "meta mark " + Not(m.Negated) + NftValues.Hex32(m.Value)
                        : "meta mark & " + NftValues.Hex32(m.Mask) + (m.Negated ? " != " : " == ") + NftValues.Hex32(m.Value));
                    break;
                case AddressTypeMatch t:
                    _parts.Add((t.Side == AddressSide.Source ? "fib saddr type " : "fib daddr type ") + Not(t.Negated) + NftValues.RouteType(t.Type));
                    break;
                case OwnerMatch owner:
                    // --socket-exists beside a uid or gid test adds nothing: meta skuid/skgid need the socket too.
                    // NftCompatibility refuses the forms nft cannot say (negations, socket-exists alone).
                    if (owner.Uid is { } uid)
                    {
                        _parts.Add("meta skuid " + uid);
                    }
                    if (owner.Gid is { } gid)
                    {
                        _parts.Add("meta skgid " + gid);
                    }
                    break;
                case SetMatch set:
                    _parts.Add(NftSets.Test(set, set.SetFamily is null ? ProtocolWord(rule.Protocol) : ""));
                    break;
                case AddressRangeMatch range:
                    var ends = range.Ends ?? throw new InvalidOperationException($"'{range.From}-{range.To}' reached the nft back end unparsed; the checker must reject it first.");
                    _parts.Add((ends.From.Family == IpFamily.IPv4 ? "ip " : "ip6 ") + (range.Side == AddressSide.Source ? "saddr " : "daddr ")
                        + Not(range.Negated) + ends.From.AddressText + "-" + ends.To.AddressText);
                    break;
                case RandomMatch r:
                    long threshold = NetfilterFacts.StatisticRandomThreshold(r.Probability);
                    // round(p·2³¹) = 2³¹ matches every packet in the kernel as well: nothing to test.
                    if (threshold < NetfilterFacts.StatisticRandomScale)
                    {
                        _parts.Add("numgen random mod " + NftValues.Number(NetfilterFacts.StatisticRandomScale) + " < " + NftValues.Number(threshold));
                    }
                    break;
                case NthMatch n:
                    // iptables matches packet p+1, then every nth (libxt_statistic starts the kernel's counter at
                    // every-1-p); numgen inc gives the first packet 0, so the (p+1)th packet is p. Proved against
                    // the kernel by NthPhaseKernelTests.
                    _parts.Add("numgen inc mod " + NftValues.Number(n.Every) + " " + NftValues.Number(n.Packet));
                    Stateful();
                    break;
                case LimitMatch l:
                    _parts.Add("limit rate " + NftValues.Number(l.Rate) + "/" + l.Unit.ToString().ToLowerInvariant()
                        + (l.Burst != LimitMatch.DefaultBurst ? " burst " + NftValues.Number(l.Burst) + " packets" : ""));
                    Stateful();
                    break;
                case IcmpTypeMatch icmp:
                    string word = icmp.IcmpFamily == IpFamily.IPv4 ? "icmp" : "icmpv6";
                    _parts.Add(word + " type " + NftValues.IcmpType(icmp.IcmpFamily, icmp.Type)
                        + (icmp.Code is { } code ? " " + word + " code " + NftValues.IcmpCode(icmp.IcmpFamily, code) : ""));
                    Pin();
                    break;
                case TcpFlagsMatch flags when flags.Mask != TcpFlags.None:
                    _parts.Add(TcpFlagsTest(flags));
                    break;
                case PacketTypeMatch t:
                    _parts.Add("meta pkttype " + Not(t.Negated) + (t.Type == PacketType.Unicast ? "host" : t.Type.ToString().ToLowerInvariant()));
                    break;
                case CommentMatch comment:
                    if (comment.Text.Length > 0)
                    {
                        _comments.Add(comment.Text);
                    }
                    break;
            }
        }

        AppendTarget(rule.Target, family, Pin);

        var line = output.Append(Indent);
        // A rule limited to one family tests it first, unless a statement already does so before any state is touched.
        if (family is { } f && (firstPin < 0 || (firstStateful >= 0 && firstPin > firstStateful)))
        {
            line.Append(f == IpFamily.IPv4 ? "meta nfproto ipv4 " : "meta nfproto ipv6 ");
        }
        for (int i = 0; i < _parts.Count; i++)
        {
            line.Append(i == 0 ? "" : " ").Append(_parts[i]);
        }
        if (_comments.Count > 0)
        {
            line.Append(" comment ");
            NftValues.AppendQuoted(line, string.Join("; ", _comments));
        }
        line.Append('\n');
    }

    /// <summary>
    /// -p as `meta l4proto` (`ip protocol icmp` for ICMP, which also limits the rule to IPv4). Left out when the
    /// very next statement is a port or ICMP type match of that protocol: nft derives the same test from it.
    /// </summary>
    private void AppendProtocol(Rule rule, Action pin)
    {
        ProtocolMatch? protocol = null;
        foreach (var match in rule.Matches)
        {
            if (match is ProtocolMatch p)
            {
                protocol = p;
                break;
            }
        }
        if (protocol is null || (protocol.Protocol == Protocol.All && !protocol.Negated))
        {
            return;
        }
        if (protocol.Protocol == Protocol.All)
        {
            throw new InvalidOperationException("'! -p all' reached the nft back end; its check must reject it first.");
        }
        if (!protocol.Negated)
        {
            foreach (var match in rule.Matches)
            {
                if (match is AddressMatch or InterfaceMatch or ProtocolMatch or CommentMatch)
                {
                    continue;
                }
                if (match is PortMatch or IcmpTypeMatch or TcpFlagsMatch { Mask: not TcpFlags.None })
                {
                    return;
                }
                break;
            }
        }
        if (protocol.Protocol == Protocol.Icmp)
        {
            _parts.Add("ip protocol " + Not(protocol.Negated) + "icmp");
            pin();
            return;
        }
        _parts.Add("meta l4proto " + Not(protocol.Negated) + NftValues.Protocol(protocol.Protocol));
    }

    private void AppendSinglePorts(Rule rule, AddressSide side)
    {
        foreach (var match in rule.Matches)
        {
            if (match is PortMatch { IsMultiport: false } port && port.Side == side)
            {
                _parts.Add(ProtocolWord(rule.Protocol) + (side == AddressSide.Source ? " sport " : " dport ") + Not(port.Negated) + NftValues.Port(port.Ports[0]));
            }
        }
    }

    private void AppendTarget(Target target, IpFamily? family, Action pin)
    {
        switch (target)
        {
            case VerdictTarget v:
                _parts.Add(v.Verdict switch
                {
                    VerdictKind.Accept => "accept",
                    VerdictKind.Drop => "drop",
                    _ => "return",
                });
                break;
            case JumpTarget j:
                _parts.Add((j.IsGoto ? "goto " : "jump ") + NftNames.Chain(_table, j.Chain));
                break;
            case RejectTarget r:
                string? reject = Reject(r.With, family);
                _parts.Add(reject);
                if (family is not null && r.With != RejectWith.TcpReset)
                {
                    pin();
                }
                break;
            case LogTarget l:
                // An empty prefix is no prefix, as in the iptables back end.
                var log = new StringBuilder("log");
                if (!string.IsNullOrEmpty(l.Prefix))
                {
                    log.Append(" prefix ");
                    NftValues.AppendQuoted(log, l.Prefix);
                }
                if (l.Level != NftValues.DefaultLogLevel)
                {
                    log.Append(" level ").Append(NftValues.LogLevel(l.Level));
                }
                AppendLogFlags(log, l.Flags);
                _parts.Add(log.ToString());
                break;
            case DnatTarget d:
                _parts.Add("dnat " + NatAddress(d.Address, d.Ports));
                break;
            case SnatTarget s:
                _parts.Add("snat " + NatAddress(s.Address, s.Ports));
                break;
            case MasqueradeTarget m:
                _parts.Add("masquerade" + (m.Ports is { } ports ? " to :" + NftValues.Port(ports) : "") + (m.RandomFully ? " fully-random" : ""));
                break;
            case RedirectTarget r:
                _parts.Add("redirect to :" + NftValues.Port(r.Ports));
                break;
            case MarkTarget m:
                _parts.Add("meta mark set " + XMark("meta mark", m.Value, m.Mask));
                break;
            case ConnmarkTarget c:
                _parts.Add(c.Mode switch
                {
                    ConnmarkMode.Save => "ct mark set meta mark",
                    ConnmarkMode.Restore => "meta mark set ct mark",
                    _ => "ct mark set " + XMark("ct mark", c.Value, c.Mask),
                });
                break;
            case DscpTarget d:
                var dscpFamily = family ?? throw new InvalidOperationException("A DSCP rule reached the nft printer without a family; the layout splits it.");
                _parts.Add((dscpFamily == IpFamily.IPv4 ? "ip dscp set " : "ip6 dscp set ") + NftValues.Dscp(d.Value));
                pin();
                break;
            case NotrackTarget:
                _parts.Add("notrack");
                break;
            case TcpMssTarget mss:
                // `rt mtu` is the route's MTU less the headers, what --clamp-mss-to-pmtu computes; it loads in inet.
                _parts.Add("tcp option maxseg size set " + (mss.Mss is { } value ? NftValues.Number(value) : "rt mtu"));
                break;
            case CtTarget ct:
                AppendCt(ct);
                break;
            default:
                throw new InvalidOperationException($"The nft back end has no form for target {target.Name}.");
        }
    }

    /// <summary>nft's log flags, as nft lists them: all five as "flags all", the two TCP ones in one "flags tcp".</summary>
    private static void AppendLogFlags(StringBuilder log, LogFlags flags)
    {
        if (flags == LogFlags.All)
        {
            log.Append(" flags all");
            return;
        }
        var tcp = new List<string>(2);
        if ((flags & LogFlags.TcpSequence) != 0)
        {
            tcp.Add("sequence");
        }
        if ((flags & LogFlags.TcpOptions) != 0)
        {
            tcp.Add("options");
        }
        if (tcp.Count > 0)
        {
            log.Append(" flags tcp ").Append(string.Join(",", tcp));
        }
        if ((flags & LogFlags.IpOptions) != 0)
        {
            log.Append(" flags ip options");
        }
        if ((flags & LogFlags.Uid) != 0)
        {
            log.Append(" flags skuid");
        }
        if ((flags & LogFlags.MacDecode) != 0)
        {
            log.Append(" flags ether");
        }
    }

    /// <summary>
    /// A zone is set at raw priority like iptables' template; a helper by its `ct helper` object, in the chain
    /// after conntrack that <see cref="NftCtHelpers"/> moves helper rules to.
    /// </summary>
    private void AppendCt(CtTarget ct)
    {
        if (ct.Zone is { } zone)
        {
            string direction = ct.ZoneDirection switch
            {
                ConntrackZoneDirection.Original => "ct original zone set ",
                ConntrackZoneDirection.Reply => "ct reply zone set ",
                _ => "ct zone set ",
            };
            _parts.Add(direction + zone.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (ct.Helper is { } helper)
        {
            _parts.Add("ct helper set \"" + NftCtHelpers.ObjectName(helper, _ruleProtocol) + "\"");
        }
    }

    /// <summary>
    /// --set-xmark value/mask sets x = (x AND NOT mask) XOR value. The kernel's bitwise expression computes
    /// (x AND a) XOR b, and nft prints it as `x & (a|b) ^ (a&b) | (b&~a)`, leaving out parts that do nothing
    /// (`| 0x4000` to set a bit, `& 0xffffbfff` to clear one, `^ 0x4000` to flip one). nft reads `&`, `^`, `|`
    /// with C's precedence, so the printed form computes the same value.
    /// </summary>
    public static string XMark(string key, uint value, uint mask)
    {
        uint a = ~mask;
        uint b = value;
        if (a == 0)
        {
            return NftValues.Hex32(b);
        }
        var text = new StringBuilder(key);
        if ((a | b) != 0xffffffff)
        {
            text.Append(" & ").Append(NftValues.Hex32(a | b));
        }
        if ((a & b) != 0)
        {
            text.Append(" ^ ").Append(NftValues.Hex32(a & b));
        }
        if ((b & ~a) != 0)
        {
            text.Append(" | ").Append(NftValues.Hex32(b & ~a));
        }
        return text.ToString();
    }

    private static string Reject(RejectWith with, IpFamily? family)
    {
        if (with == RejectWith.TcpReset)
        {
            return "reject with tcp reset";
        }
        switch (family)
        {
            case IpFamily.IPv4:
                return "reject with icmp " + with switch
                {
                    RejectWith.PortUnreachable => "port-unreachable",
                    RejectWith.HostUnreachable => "host-unreachable",
                    RejectWith.NetUnreachable => "net-unreachable",
                    RejectWith.ProtoUnreachable => "prot-unreachable",
                    RejectWith.NetProhibited => "net-prohibited",
                    RejectWith.HostProhibited => "host-prohibited",
                    _ => "admin-prohibited",
                };
            case IpFamily.IPv6:
                return "reject with icmpv6 " + with switch
                {
                    RejectWith.PortUnreachable => "port-unreachable",
                    RejectWith.HostUnreachable => "addr-unreachable",
                    RejectWith.NetUnreachable => "no-route",
                    RejectWith.PolicyFail => "policy-fail",
                    RejectWith.RejectRoute => "reject-route",
                    _ => "admin-prohibited",
                };
            default:
                // icmpx answers each family with its own message: no-route is ICMP net-unreachable and ICMPv6
                // no-route, as iptables' icmp-net-unreachable and ip6tables' icmp6-no-route. A plain `reject` is
                // icmpx port-unreachable, and nft prints it so.
                return with switch
                {
                    RejectWith.PortUnreachable => "reject",
                    RejectWith.HostUnreachable => "reject with icmpx host-unreachable",
                    RejectWith.NetUnreachable => "reject with icmpx no-route",
                    _ => "reject with icmpx admin-prohibited",
                };
        }
    }

    private void AppendDispatch(StringBuilder output, NftDispatchItem item)
    {
        output.Append(Indent).Append(item.Family == IpFamily.IPv4 ? "ip" : "ip6").Append(" daddr . meta l4proto . th dport vmap {\n");
        for (int i = 0; i < item.Rules.Count; i++)
        {
            var rule = item.Rules[i];
            var key = NftLayout.DispatchKey(rule)!.Value;
            output.Append(Indent).Append('\t').Append(NftValues.Address(key.Address)).Append(" . ")
                .Append(NftValues.Protocol(key.Protocol)).Append(" . ").Append(NftValues.Number(key.Port));
            AppendElementEnd(output, rule, i == item.Rules.Count - 1);
        }
        output.Append(Indent).Append("}\n");
    }

    private void AppendRandomMap(StringBuilder output, NftRandomMapItem item)
    {
        output.Append(Indent).Append("numgen random mod ").Append(NftValues.Number(item.Rules.Count)).Append(" vmap {\n");
        for (int i = 0; i < item.Rules.Count; i++)
        {
            output.Append(Indent).Append('\t').Append(NftValues.Number(i));
            AppendElementEnd(output, item.Rules[i], i == item.Rules.Count - 1);
        }
        output.Append(Indent).Append("}\n");
    }

    /// <summary>The rule's comments (as the element's comment) and its jump as the element's verdict.</summary>
    private void AppendElementEnd(StringBuilder output, Rule rule, bool last)
    {
        _comments.Clear();
        foreach (var match in rule.Matches)
        {
            if (match is CommentMatch { Text.Length: > 0 } c)
            {
                _comments.Add(c.Text);
            }
        }
        if (_comments.Count > 0)
        {
            output.Append(" comment ");
            NftValues.AppendQuoted(output, string.Join("; ", _comments));
        }
        var jump = (JumpTarget)rule.Target;
        output.Append(" : ").Append(jump.IsGoto ? "goto " : "jump ").Append(NftNames.Chain(_table, jump.Chain)).Append(last ? "\n" : ",\n");
    }

    private static string NatAddress(string address, PortSpan? ports)
    {
        var host = IpNetwork.Parse(address);
        string family = host.Family == IpFamily.IPv4 ? "ip to " : "ip6 to ";
        if (ports is not { } span)
        {
            return family + host.AddressText;
        }
        return family + (host.Family == IpFamily.IPv6 ? "[" + host.AddressText + "]" : host.AddressText) + ":" + NftValues.Port(span);
    }

    private static string TupleWord(ConntrackTuple tuple) => tuple == ConntrackTuple.Original ? "ct original" : "ct reply";

    private static string Conntrack(ConntrackMatch c)
    {
        var states = new List<string>(5);
        // nft's bit order for ct state: invalid, established, related, new, untracked.
        foreach (var (state, name) in new[]
        {
            (ConntrackStates.Invalid, "invalid"), (ConntrackStates.Established, "established"), (ConntrackStates.Related, "related"),
            (ConntrackStates.New, "new"), (ConntrackStates.Untracked, "untracked"),
        })
        {
            if ((c.States & state) != 0)
            {
                states.Add(name);
            }
        }
        if (states.Count > 0)
        {
            // `ct state != a,b` compares the state with the OR of a and b, which every single state differs from;
            // `ct state ! a,b` tests that none of the bits is set, as iptables' negation does. One state may use
            // either: a packet has exactly one state bit.
            string not = !c.Negated ? "" : states.Count > 1 ? "! " : "!= ";
            return "ct state " + not + string.Join(",", states);
        }
        // SNAT and DNAT alone: they are ct status bits, not states (the check refuses a mix and a negation).
        var status = new List<string>(2);
        if ((c.States & ConntrackStates.Snat) != 0)
        {
            status.Add("snat");
        }
        if ((c.States & ConntrackStates.Dnat) != 0)
        {
            status.Add("dnat");
        }
        return "ct status " + Not(c.Negated) + string.Join(",", status);
    }

    private static string PortSet(IReadOnlyList<PortSpan> ports)
    {
        var elements = SetElements(ports);
        if (elements.Count == 1)
        {
            // nft takes a set of one element as that element, and lists it so.
            return NftValues.Port(elements[0]);
        }
        var text = new StringBuilder("{ ");
        for (int i = 0; i < elements.Count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(NftValues.Port(elements[i]));
        }
        return text.Append(" }").ToString();
    }

    /// <summary>
    /// The elements of a port set as nft 1.0.6 keeps them, so the script lists back as written: the same set of
    /// ports, duplicates dropped, and, once one element is a range (an interval set), overlapping and adjacent
    /// elements merged into the widest ranges (10-20, 15 and 21 become 10-21), in ascending order.
    /// </summary>
    internal static IReadOnlyList<PortSpan> SetElements(IReadOnlyList<PortSpan> ports)
    {
        bool interval = false;
        foreach (var span in ports)
        {
            interval |= !span.IsSingle;
        }
        if (!interval)
        {
            var seen = new HashSet<int>();
            var singles = new List<PortSpan>(ports.Count);
            foreach (var span in ports)
            {
                if (seen.Add(span.Low))
                {
                    singles.Add(span);
                }
            }
            return singles;
        }
        var sorted = new List<PortSpan>(ports);
        sorted.Sort((a, b) => a.Low != b.Low ? a.Low.CompareTo(b.Low) : a.High.CompareTo(b.High));
        var merged = new List<PortSpan>(sorted.Count);
        foreach (var span in sorted)
        {
            if (merged.Count > 0 && span.Low <= merged[merged.Count - 1].High + 1)
            {
                var last = merged[merged.Count - 1];
                merged[merged.Count - 1] = new PortSpan(last.Low, Math.Max(last.High, span.High));
            }
            else
            {
                merged.Add(span);
            }
        }
        return merged;
    }

    /// <summary>iptables' '+' suffix is nft's '*' wildcard; names with '*' or '\' are refused by the check.</summary>
    private static string Interface(string name)
    {
        var text = new StringBuilder();
        NftValues.AppendQuoted(text, name.EndsWith("+", StringComparison.Ordinal) ? name.Substring(0, name.Length - 1) + "*" : name);
        return text.ToString();
    }

    private static string ProtocolWord(Protocol protocol) => protocol switch
    {
        Protocol.Tcp => "tcp",
        Protocol.Udp => "udp",
        Protocol.Sctp => "sctp",
        _ => throw new InvalidOperationException($"A port match with protocol {protocol} reached the nft back end; the checker must reject it first."),
    };

    private static string Not(bool negated) => negated ? "!= " : "";

    /// <summary>
    /// xt_tcp's <c>(flags &amp; mask) == comp</c> as nft lists it back: <c>tcp flags syn / fin,syn,rst,ack</c>
    /// (negated <c>!=</c>); with no flag to be set, <c>tcp flags ! MASK</c> (none of them set) or, negated,
    /// <c>tcp flags MASK</c> (any of them). A mask of no flags the caller leaves out.
    /// </summary>
    private static string TcpFlagsTest(TcpFlagsMatch flags) =>
        flags.Comparison == TcpFlags.None
            ? "tcp flags " + (flags.Negated ? "" : "! ") + TcpFlagWords(flags.Mask)
            : "tcp flags " + Not(flags.Negated) + TcpFlagWords(flags.Comparison) + " / " + TcpFlagWords(flags.Mask);

    private static string TcpFlagWords(TcpFlags flags) =>
        string.Join(",", TcpFlagsMatch.Each(flags).Select(f => f.ToString().ToLowerInvariant()));
}
