using System;
using System.Globalization;
using System.Linq;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Backends.Iptables;

/// <summary>
/// Prints one rule in iptables-save's normal form: -s, -d, -i, -o, -p first, then the other matches as
/// modules in the rule's own order, then the target. Applying the line and saving again gives the same line.
/// </summary>
public sealed class RuleFormatter
{
    private readonly IpFamily _family;
    private StringBuilder _line = new(128);

    public RuleFormatter(IpFamily family) => _family = family;

    public string Format(string chain, Rule rule)
    {
        _line.Clear();
        AppendTo(_line, chain, rule);
        return _line.ToString();
    }

    /// <summary>Appends the rule line, without its newline, to a caller's buffer: no string per rule.</summary>
    public void AppendTo(StringBuilder output, string chain, Rule rule)
    {
        var saved = _line;
        _line = output;
        try
        {
            AppendRule(chain, rule);
        }
        finally
        {
            _line = saved;
        }
    }

    private void AppendRule(string chain, Rule rule)
    {
        _line.Append("-A ").Append(chain);
        // iptables-save prints the fixed part of a rule in this order, whatever order it was given in.
        AppendAddresses(rule, AddressSide.Source, " -s ");
        AppendAddresses(rule, AddressSide.Destination, " -d ");
        AppendInterfaces(rule, InterfaceSide.In, " -i ");
        AppendInterfaces(rule, InterfaceSide.Out, " -o ");
        foreach (var match in rule.Matches)
        {
            if (match is ProtocolMatch protocol)
            {
                if (protocol.Protocol != Protocol.All)
                {
                    Negation(protocol.Negated).Append(" -p ").Append(ProtocolName(protocol.Protocol));
                }
                break;
            }
        }

        bool portsPrinted = false;
        foreach (var match in rule.Matches)
        {
            switch (match)
            {
                case PortMatch p when !p.IsMultiport:
                    if (!portsPrinted)
                    {
                        AppendSinglePorts(rule);
                        portsPrinted = true;
                    }
                    break;
                case PortMatch p:
                    _line.Append(" -m multiport");
                    Negation(p.Negated).Append(p.Side == AddressSide.Source ? " --sports " : " --dports ");
                    for (int i = 0; i < p.Ports.Count; i++)
                    {
                        if (i > 0)
                        {
                            _line.Append(',');
                        }
                        p.Ports[i].AppendTo(_line);
                    }
                    break;
                case ConntrackMatch c:
                    _line.Append(" -m conntrack");
                    Negation(c.Negated).Append(" --ctstate ").Append(States(c.States));
                    break;
                case ConntrackProtocolMatch cp:
                    _line.Append(" -m conntrack");
                    Negation(cp.Negated).Append(" --ctproto ").Append(IanaProtocol.Number(cp.Protocol));
                    break;
                case ConntrackAddressMatch ca:
                    AppendConntrackAddress(ca);
                    break;
                case ConntrackPortMatch ct:
                    _line.Append(" -m conntrack");
                    Negation(ct.Negated).Append(" --ct").Append(TupleOption(ct.Tuple, ct.Side)).Append("port ");
                    ct.Ports.AppendTo(_line);
                    break;
                case ConntrackStatusMatch cs:
                    _line.Append(" -m conntrack");
                    Negation(cs.Negated).Append(" --ctstatus ").Append(StatusNames(cs.Status));
                    break;
                case ConntrackExpireMatch ce:
                    _line.Append(" -m conntrack");
                    Negation(ce.Negated).Append(" --ctexpire ").Append(ce.Range);
                    break;
                case ConntrackDirectionMatch cd:
                    _line.Append(" -m conntrack --ctdir ").Append(cd.Direction == ConntrackTuple.Original ? "ORIGINAL" : "REPLY");
                    break;
                case MarkMatch m:
                    _line.Append(" -m mark");
                    Negation(m.Negated).Append(" --mark ").Append(Hex(m.Value));
                    if (m.Mask != 0xffffffff)
                    {
                        _line.Append('/').Append(Hex(m.Mask));
                    }
                    break;
                case AddressTypeMatch a:
                    _line.Append(" -m addrtype");
                    Negation(a.Negated).Append(a.Side == AddressSide.Source ? " --src-type " : " --dst-type ").Append(AddressTypeNames[(int)a.Type]);
                    break;
                case RandomMatch r:
                    _line.Append(" -m statistic --mode random --probability ").Append(Probability(r.Probability));
                    break;
                case NthMatch n:
                    _line.Append(" -m statistic --mode nth --every ").Append(n.Every.ToString(CultureInfo.InvariantCulture))
                        .Append(" --packet ").Append(n.Packet.ToString(CultureInfo.InvariantCulture));
                    break;
                case LimitMatch l:
                    _line.Append(" -m limit --limit ").Append(LimitRate.Format(l.Rate, l.Unit));
                    if (l.Burst != LimitMatch.DefaultBurst)
                    {
                        _line.Append(" --limit-burst ").Append(l.Burst.ToString(CultureInfo.InvariantCulture));
                    }
                    break;
                case IcmpTypeMatch i:
                    _line.Append(i.IcmpFamily == IpFamily.IPv4 ? " -m icmp --icmp-type " : " -m icmp6 --icmpv6-type ")
                        .Append(i.Type.ToString(CultureInfo.InvariantCulture));
                    if (i.Code.HasValue)
                    {
                        _line.Append('/').Append(i.Code.Value.ToString(CultureInfo.InvariantCulture));
                    }
                    break;
                case HashLimitMatch h:
                    AppendHashLimit(h);
                    break;
                case ConnectionLimitMatch c:
                    // libxt_connlimit's save: the mask and the side always, the family's full length by default.
                    _line.Append(c.Above ? " -m connlimit --connlimit-above " : " -m connlimit --connlimit-upto ").Append(c.Count.ToString(CultureInfo.InvariantCulture))
                        .Append(" --connlimit-mask ").Append((c.Prefix ?? (_family == IpFamily.IPv4 ? 32 : 128)).ToString(CultureInfo.InvariantCulture))
                        .Append(c.Side == AddressSide.Destination ? " --connlimit-daddr" : " --connlimit-saddr");
                    break;
                case RecentMatch r:
                    AppendRecent(r);
                    break;
                case OwnerMatch owner:
                    _line.Append(" -m owner").Append(owner.IptablesOptions);
                    break;
                case PhysdevMatch physdev:
                    _line.Append(" -m physdev").Append(physdev.IptablesOptions);
                    break;
                case AddressRangeMatch range:
                    // iptables-save prints each end in its canonical form (IPv6 compressed).
                    _line.Append(" -m iprange");
                    Negation(range.Negated).Append(range.Side == AddressSide.Source ? " --src-range " : " --dst-range ")
                        .Append(range.FromAddress?.AddressText ?? range.From).Append('-').Append(range.ToAddress?.AddressText ?? range.To);
                    break;
                case SetMatch set:
                    // As iptables-save prints it (libxt_set v4): the match name, then [!] --match-set NAME src,dst.
                    _line.Append(" -m set");
                    Negation(set.Negated).Append(" --match-set ").Append(set.Name).Append(' ').Append(set.DirectionText);
                    break;
                case CommentMatch c:
                    _line.Append(" -m comment --comment ");
                    SaveString.Append(_line, RequireOneLine(c.Text));
                    break;
                case NfacctMatch n:
                    _line.Append(" -m nfacct --nfacct-name ");
                    SaveString.Append(_line, RequireOneLine(n.Name));
                    break;
                case TcpFlagsMatch f when ReferenceEquals(f, SharedTcpFlags(rule)):
                    // One tcp match holds the ports and the flags, printed where the first of them was written.
                    if (!portsPrinted)
                    {
                        AppendSinglePorts(rule);
                        portsPrinted = true;
                    }
                    break;
                case TcpFlagsMatch f:
                    _line.Append(" -m tcp");
                    AppendTcpFlags(f);
                    break;
                case PacketTypeMatch t:
                    _line.Append(" -m pkttype");
                    Negation(t.Negated).Append(" --pkt-type ").Append(t.Type.ToString().ToLowerInvariant());
                    break;
            }
        }
        AppendTarget(rule.Target);
    }

    /// <summary>
    /// The kernel stores a probability as a 31-bit fraction, and save prints that fraction with 11 decimals:
    /// 1/3 comes back as 0.33333333349. Printing the stored value keeps restore and save in agreement.
    /// </summary>
    public static string Probability(double probability)
    {
        double stored = NetfilterFacts.StatisticRandomProbability(probability);
        return stored.ToString("F11", CultureInfo.InvariantCulture);
    }

    private void AppendAddresses(Rule rule, AddressSide side, string flag)
    {
        foreach (var match in rule.Matches)
        {
            // Every address (/0) matches every packet, and iptables-save leaves it out: so do we.
            if (match is AddressMatch address && address.Side == side && !(address.Network is { PrefixLength: 0 } && !address.Negated))
            {
                var network = address.Network ?? throw new InvalidOperationException($"'{address.Address}' reached the back end unparsed; the checker must reject it first.");
                Negation(address.Negated).Append(flag);
                network.Network.AppendTo(_line);
            }
        }
    }

    private void AppendInterfaces(Rule rule, InterfaceSide side, string flag)
    {
        foreach (var match in rule.Matches)
        {
            // A bare '+' matches every interface, and iptables-save leaves it out: so do we.
            if (match is InterfaceMatch iface && iface.Side == side && !(iface.Name == "+" && !iface.Negated))
            {
                Negation(iface.Negated).Append(flag).Append(iface.Name);
            }
        }
    }

    /// <summary>Single ports and ranges share one protocol module: -m tcp --sport 1000:2000 --dport 22.</summary>
    private void AppendSinglePorts(Rule rule)
    {
        _line.Append(" -m ").Append(ProtocolName(rule.Protocol));
        AppendSinglePorts(rule, AddressSide.Source, " --sport ");
        AppendSinglePorts(rule, AddressSide.Destination, " --dport ");
        if (SharedTcpFlags(rule) is { } flags)
        {
            AppendTcpFlags(flags);
        }
    }

    /// <summary>
    /// The flags test printed inside the single-port <c>-m tcp</c>, as iptables holds <c>--dport 22 --syn</c> in
    /// one tcp match and saves it as <c>-m tcp --dport 22 --tcp-flags …</c>; null when the rule has no such ports.
    /// </summary>
    private static TcpFlagsMatch? SharedTcpFlags(Rule rule) =>
        rule.Protocol == Protocol.Tcp && rule.Matches.Any(m => m is PortMatch { IsMultiport: false })
            ? rule.Matches.OfType<TcpFlagsMatch>().FirstOrDefault()
            : null;

    /// <summary>libxt_tcp's save: nothing for an empty mask (it matches every segment), flags in bit order, NONE for none.</summary>
    private void AppendTcpFlags(TcpFlagsMatch flags)
    {
        if (flags.Mask == TcpFlags.None && !flags.Negated)
        {
            return;
        }
        Negation(flags.Negated).Append(" --tcp-flags ").Append(TcpFlagsMatch.IptablesNames(flags.Mask)).Append(' ').Append(TcpFlagsMatch.IptablesNames(flags.Comparison));
    }

    private void AppendSinglePorts(Rule rule, AddressSide side, string flag)
    {
        foreach (var match in rule.Matches)
        {
            if (match is PortMatch { IsMultiport: false } port && port.Side == side)
            {
                Negation(port.Negated).Append(flag);
                port.Ports[0].AppendTo(_line);
            }
        }
    }

    /// <summary>
    /// iptables-save's form (libxt_recent's save, kernel-proved): the command, --seconds, --reap, --hitcount, --rttl,
    /// then the list name, the address mask (a full-length mask of the family, which is the default) and the side.
    /// </summary>
    private void AppendRecent(RecentMatch recent)
    {
        _line.Append(" -m recent ").Append(recent.Command switch
        {
            RecentCommand.Set => "--set",
            RecentCommand.Update => "--update",
            RecentCommand.Remove => "--remove",
            _ => "--rcheck",
        });
        if (recent.Seconds is { } seconds)
        {
            _line.Append(" --seconds ").Append(seconds.ToString(CultureInfo.InvariantCulture));
        }
        if (recent.Reap)
        {
            _line.Append(" --reap");
        }
        if (recent.HitCount is { } hitCount)
        {
            _line.Append(" --hitcount ").Append(hitCount.ToString(CultureInfo.InvariantCulture));
        }
        if (recent.Ttl)
        {
            _line.Append(" --rttl");
        }
        _line.Append(" --name ").Append(recent.Name)
            .Append(_family == IpFamily.IPv4 ? " --mask 255.255.255.255" : " --mask ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
            .Append(recent.Side == AddressSide.Destination ? " --rdest" : " --rsource");
    }

    /// <summary>
    /// libxt_hashlimit's save (kernel-proved): the rate in the largest unit that holds it exactly, the burst always,
    /// the mode words in a fixed order, the name, then the expiry unless it is the rate's unit, and each mask unless it
    /// is the family's full length.
    /// </summary>
    private void AppendHashLimit(HashLimitMatch limit)
    {
        string rate = LimitRate.FormatHashLimit(limit.Rate, limit.Unit, out long unitMilliseconds);
        _line.Append(" -m hashlimit ").Append(limit.Above ? "--hashlimit-above " : "--hashlimit-upto ").Append(rate)
            .Append(" --hashlimit-burst ").Append(limit.Burst.ToString(CultureInfo.InvariantCulture));
        if (limit.Keys != HashLimitKeys.None)
        {
            _line.Append(" --hashlimit-mode ").Append(string.Join(",", HashLimitKeyNames.All.Where(k => (limit.Keys & k.Key) != 0).Select(k => k.Name)));
        }
        _line.Append(" --hashlimit-name ").Append(limit.Name);
        if (limit.ExpireMilliseconds is { } expire && expire != unitMilliseconds)
        {
            _line.Append(" --hashlimit-htable-expire ").Append(expire.ToString(CultureInfo.InvariantCulture));
        }
        int full = _family == IpFamily.IPv4 ? 32 : 128;
        if (limit.SourcePrefix is { } source && source != full)
        {
            _line.Append(" --hashlimit-srcmask ").Append(source.ToString(CultureInfo.InvariantCulture));
        }
        if (limit.DestinationPrefix is { } destination && destination != full)
        {
            _line.Append(" --hashlimit-dstmask ").Append(destination.ToString(CultureInfo.InvariantCulture));
        }
    }

    private void AppendTarget(Target target)
    {
        switch (target)
        {
            case NoTarget:
                return;
            case JumpTarget j:
                _line.Append(j.IsGoto ? " -g " : " -j ").Append(j.Chain);
                return;
            case NotrackTarget notrack:
                _line.Append(notrack.Alias ? " -j NOTRACK" : " -j CT --notrack");
                return;
            case CtTarget ct:
                AppendCt(ct);
                return;
        }
        _line.Append(" -j ").Append(target.Name);
        switch (target)
        {
            case RejectTarget r:
                _line.Append(" --reject-with ").Append(RejectName(r.With));
                break;
            case LogTarget l:
                // An empty prefix is no prefix: iptables-restore refuses --log-prefix "".
                if (!string.IsNullOrEmpty(l.Prefix))
                {
                    _line.Append(" --log-prefix ");
                    SaveString.Append(_line, RequireOneLine(l.Prefix));
                }
                if (l.Level != LogTarget.DefaultLevel)
                {
                    _line.Append(" --log-level ").Append(l.Level.ToString(CultureInfo.InvariantCulture));
                }
                AppendLogFlags(l.Flags);
                break;
            case DnatTarget d:
                _line.Append(" --to-destination ");
                AppendNatAddress(d.Host, d.Address, d.Ports);
                break;
            case SnatTarget s:
                _line.Append(" --to-source ");
                AppendNatAddress(s.Host, s.Address, s.Ports);
                break;
            case MasqueradeTarget m:
                if (m.Ports is { } ports)
                {
                    _line.Append(" --to-ports ").Append(ports.ToNatString());
                }
                if (m.RandomFully)
                {
                    _line.Append(" --random-fully");
                }
                break;
            case RedirectTarget r:
                _line.Append(" --to-ports ").Append(r.Ports.ToNatString());
                break;
            case MarkTarget m:
                _line.Append(" --set-xmark ").Append(Hex(m.Value)).Append('/').Append(Hex(m.Mask));
                break;
            case ConnmarkTarget c:
                _line.Append(c.Mode switch
                {
                    ConnmarkMode.Save => " --save-mark --nfmask 0xffffffff --ctmask 0xffffffff",
                    ConnmarkMode.Restore => " --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff",
                    _ => " --set-xmark " + Hex(c.Value) + "/" + Hex(c.Mask),
                });
                break;
            case DscpTarget d:
                // iptables-save prints the DSCP byte with two hex digits: 0x0e, not 0xe.
                _line.Append(" --set-dscp 0x").Append(d.Value.ToString("x2", CultureInfo.InvariantCulture));
                break;
            case TcpMssTarget { Mss: { } mss }:
                _line.Append(" --set-mss ").Append(mss.ToString(CultureInfo.InvariantCulture));
                break;
            case TcpMssTarget:
                _line.Append(" --clamp-mss-to-pmtu");
                break;
        }
    }

    /// <summary>LOG's flags in iptables-save's order (libxt_LOG's print).</summary>
    private void AppendLogFlags(LogFlags flags)
    {
        foreach (var (flag, option) in LogTarget.FlagOptions)
        {
            if ((flags & flag) != 0)
            {
                _line.Append(' ').Append(option);
            }
        }
    }

    /// <summary>libxt_conntrack's order: NONE alone, else EXPECTED, SEEN_REPLY, ASSURED, CONFIRMED (the bits' order).</summary>
    public static string StatusNames(ConntrackStatus status) =>
        status == ConntrackStatus.None ? "NONE" : string.Join(",", ConntrackStatusNames.Of(status).Select(b => b.Iptables));

    /// <summary>CT's options in libxt_CT's order: the helper, then the zone, by the direction it applies to.</summary>
    private void AppendCt(CtTarget ct)
    {
        _line.Append(" -j CT");
        if (ct.Helper is { } helper)
        {
            _line.Append(" --helper ").Append(helper);
        }
        if (ct.Zone is { } zone)
        {
            _line.Append(ct.ZoneDirection switch
            {
                ConntrackZoneDirection.Original => " --zone-orig ",
                ConntrackZoneDirection.Reply => " --zone-reply ",
                _ => " --zone ",
            }).Append(zone.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>iptables-save prints a conntrack address without its prefix when it is a single host (libxt_conntrack).</summary>
    private void AppendConntrackAddress(ConntrackAddressMatch match)
    {
        var network = match.Network ?? throw new InvalidOperationException($"'{match.Address}' reached the back end unparsed; the checker must reject it first.");
        _line.Append(" -m conntrack");
        Negation(match.Negated).Append(" --ct").Append(TupleOption(match.Tuple, match.Side)).Append(' ');
        network.Network.AppendTo(_line, withPrefix: !network.IsHost);
    }

    private static string TupleOption(ConntrackTuple tuple, AddressSide side) =>
        (tuple == ConntrackTuple.Original ? "orig" : "repl") + (side == AddressSide.Source ? "src" : "dst");

    private StringBuilder Negation(bool negated) => negated ? _line.Append(" !") : _line;

    private void AppendNatAddress(IpNetwork? parsed, string address, PortSpan? ports)
    {
        var host = parsed ?? throw new InvalidOperationException($"'{address}' reached the back end unparsed; the checker must reject it first.");
        bool bracket = ports.HasValue && host.Family == IpFamily.IPv6;
        if (bracket)
        {
            _line.Append('[');
        }
        host.AppendTo(_line, withPrefix: false);
        if (bracket)
        {
            _line.Append(']');
        }
        if (ports is { } span)
        {
            _line.Append(':');
            span.AppendTo(_line, '-');
        }
    }

    private string RejectName(RejectWith with) => (with, _family) switch
    {
        (RejectWith.TcpReset, _) => "tcp-reset",
        (RejectWith.PortUnreachable, IpFamily.IPv4) => "icmp-port-unreachable",
        (RejectWith.HostUnreachable, IpFamily.IPv4) => "icmp-host-unreachable",
        (RejectWith.NetUnreachable, IpFamily.IPv4) => "icmp-net-unreachable",
        (RejectWith.AdminProhibited, IpFamily.IPv4) => "icmp-admin-prohibited",
        // A reply of one family reaches only that family's ruleset (RejectTarget.Family).
        (RejectWith.ProtoUnreachable, _) => "icmp-proto-unreachable",
        (RejectWith.NetProhibited, _) => "icmp-net-prohibited",
        (RejectWith.HostProhibited, _) => "icmp-host-prohibited",
        (RejectWith.PolicyFail, _) => "icmp6-policy-fail",
        (RejectWith.RejectRoute, _) => "icmp6-reject-route",
        (RejectWith.PortUnreachable, _) => "icmp6-port-unreachable",
        (RejectWith.HostUnreachable, _) => "icmp6-addr-unreachable",
        (RejectWith.NetUnreachable, _) => "icmp6-no-route",
        _ => "icmp6-adm-prohibited",
    };

    private static readonly string[] AddressTypeNames =
        ((AddressType[])Enum.GetValues(typeof(AddressType))).Select(t => t.ToString().ToUpperInvariant()).ToArray();

    private static readonly string[] ProtocolNames =
        ((Protocol[])Enum.GetValues(typeof(Protocol))).Select(p => p == Protocol.Icmpv6 ? "ipv6-icmp" : p.ToString().ToLowerInvariant()).ToArray();

    private static string ProtocolName(Protocol protocol) => ProtocolNames[(int)protocol];

    private static string States(ConntrackStates states)
    {
        var names = new System.Collections.Generic.List<string>(7);
        foreach (ConntrackStates state in new[]
        {
            ConntrackStates.Invalid, ConntrackStates.New, ConntrackStates.Related, ConntrackStates.Established,
            ConntrackStates.Untracked, ConntrackStates.Snat, ConntrackStates.Dnat,
        })
        {
            if ((states & state) != 0)
            {
                names.Add(state.ToString().ToUpperInvariant());
            }
        }
        return string.Join(",", names);
    }

    private static string Hex(uint value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>The checker rejects control characters; this makes sure an unchecked policy cannot inject a line either.</summary>
    private static string RequireOneLine(string text)
    {
        foreach (char c in text)
        {
            if (c < ' ' || c == 0x7f)
            {
                throw new InvalidOperationException("A comment or log prefix with a control character reached the iptables back end; the checker must reject it first.");
            }
        }
        return text;
    }
}
