using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.SourceWriters;

/// <summary>
/// One rule as a .rl rule line. The protocol comes first (the grammar wants it before ports and ICMP types, and
/// iptables-save prints -p in the fixed part wherever it was given); the other matches keep their order.
/// </summary>
internal sealed class RlRuleWriter
{
    private static readonly ConntrackStates[] StateOrder =
    {
        ConntrackStates.Invalid, ConntrackStates.New, ConntrackStates.Related, ConntrackStates.Established,
        ConntrackStates.Untracked, ConntrackStates.Snat, ConntrackStates.Dnat,
    };

    public bool TryWrite(Rule rule, out string line, out string? problem)
    {
        var parts = new List<string>();
        problem = null;
        var protocols = rule.Matches.OfType<ProtocolMatch>().ToArray();
        if (protocols.Length > 1)
        {
            problem = "it matches the protocol twice";
        }
        else if (protocols.Length == 1)
        {
            var p = protocols[0];
            parts.Add(!p.Negated && p.Protocol != Protocol.All ? Name(p.Protocol) : "proto " + Neq(p.Negated) + Name(p.Protocol));
        }
        foreach (var match in rule.Matches)
        {
            if (problem is not null)
            {
                break;
            }
            string? part = match switch
            {
                ProtocolMatch => null,
                AddressMatch a => Address(a, ref problem),
                InterfaceMatch i => Interface(i, ref problem),
                PortMatch p => (p.Side == AddressSide.Source ? "sport " : "dport ") + Neq(p.Negated)
                    + (p.IsMultiport ? "{" + string.Join(", ", p.Ports.Select(RlSyntax.Ports)) + "}" : RlSyntax.Ports(p.Ports[0])),
                ConntrackMatch c => "state " + Neq(c.Negated) + States(c.States, ref problem),
                MarkMatch m => "mark " + Neq(m.Negated) + RlSyntax.Number(m.Value) + (m.Mask == 0xffffffff ? "" : "/" + RlSyntax.Number(m.Mask)),
                AddressTypeMatch t => (t.Side == AddressSide.Source ? "stype " : "dtype ") + Neq(t.Negated) + t.Type.ToString().ToLowerInvariant(),
                SetMatch set => RlSetWriter.Test(set, ref problem),
                AddressRangeMatch r => AddressRange(r, ref problem),
                RandomMatch r => "random " + RlSyntax.Decimal(r.Probability),
                NthMatch n => "nth every " + RlSyntax.Number(n.Every) + " packet " + RlSyntax.Number(n.Packet),
                LimitMatch l => "limit " + RlSyntax.Number(l.Rate) + "/" + l.Unit.ToString().ToLowerInvariant()
                    + (l.Burst == LimitMatch.DefaultBurst ? "" : " burst " + RlSyntax.Number(l.Burst)),
                IcmpTypeMatch t => "type " + RlSyntax.Number(t.Type) + (t.Code is { } code ? "/" + RlSyntax.Number(code) : ""),
                CommentMatch c => RlSyntax.TryString(c.Text, out string literal) ? "comment " + literal : Fail(ref problem, "its comment has a line break, which a .rl string cannot hold"),
                RecentMatch r => Recent(r, ref problem),
                HashLimitMatch h => HashLimit(h, ref problem),
                ConnectionLimitMatch c when c.Count < 0 || c.Prefix < 0 => Fail(ref problem, "its connlimit has a negative number, which a .rl number cannot be"),
                ConnectionLimitMatch c => "connlimit " + (c.Above ? "above " : "upto ") + RlSyntax.Number(c.Count)
                    + (c.Prefix is { } prefix ? " mask " + RlSyntax.Number(prefix) : "") + (c.Side == AddressSide.Destination ? " per daddr" : ""),
                ConntrackProtocolMatch cp => "ct proto " + Neq(cp.Negated) + Name(cp.Protocol),
                ConntrackAddressMatch ca => ca.Network is null ? Fail(ref problem, $"'{ca.Address}' is not an address")
                    : Tuple(ca.Tuple) + (ca.Side == AddressSide.Source ? " saddr " : " daddr ") + Neq(ca.Negated) + ca.Address,
                ConntrackStatusMatch cs => "ct status " + Neq(cs.Negated) + RlStatus(cs.Status),
                ConntrackDirectionMatch cd => "ct direction " + (cd.Direction == ConntrackTuple.Original ? "original" : "reply"),
                ConntrackExpireMatch ce => "ct expiration " + Neq(ce.Negated) + ce.Min.ToString(System.Globalization.CultureInfo.InvariantCulture) + (ce.Min == ce.Max ? "" : "-" + ce.Max.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ConntrackPortMatch ct => Tuple(ct.Tuple) + (ct.Side == AddressSide.Source ? " sport " : " dport ") + Neq(ct.Negated) + RlSyntax.Ports(ct.Ports),
                TcpFlagsMatch { Mask: TcpFlagsMatch.SynMask, Comparison: TcpFlags.Syn, Negated: false } => "syn",
                TcpFlagsMatch f => "flags " + Neq(f.Negated) + TcpFlagsMatch.IptablesNames(f.Mask).ToLowerInvariant() + " " + TcpFlagsMatch.IptablesNames(f.Comparison).ToLowerInvariant(),
                PacketTypeMatch t => "pkttype " + Neq(t.Negated) + t.Type.ToString().ToLowerInvariant(),
                OwnerMatch o => Owner(o),
                PhysdevMatch d => Physdev(d, ref problem),
                _ => Fail(ref problem, $"the grammar has no {match.GetType().Name}"),
            };
            if (part is not null)
            {
                parts.Add(part);
            }
        }
        string? action = problem is null ? Action(rule.Target, ref problem) : null;
        if (problem is not null || action is null)
        {
            line = "";
            problem ??= "its target cannot be written";
            return false;
        }
        parts.Add(action);
        line = string.Join(" ", parts);
        return true;
    }

    private static string Neq(bool negated) => negated ? "!= " : "";

    private static string RlStatus(ConntrackStatus status) =>
        status == ConntrackStatus.None ? "none" : string.Join(",", ConntrackStatusNames.Of(status).Select(b => b.Nft));

    private static string Tuple(ConntrackTuple tuple) => tuple == ConntrackTuple.Original ? "ct original" : "ct reply";

    private static string Name(Protocol protocol) => protocol.ToString().ToLowerInvariant();

    private static string? Address(AddressMatch a, ref string? problem)
    {
        if (a.Network is null)
        {
            return Fail(ref problem, $"'{a.Address}' is not an address");
        }
        return (a.Side == AddressSide.Source ? "saddr " : "daddr ") + Neq(a.Negated) + a.Address;
    }

    private static string? AddressRange(AddressRangeMatch r, ref string? problem) =>
        r.FromAddress is { } from && r.ToAddress is { } to
            ? (r.Side == AddressSide.Source ? "saddr " : "daddr ") + Neq(r.Negated) + from.AddressText + "-" + to.AddressText
            : Fail(ref problem, $"'{r.From}-{r.To}' is not a range of two addresses");

    private static string? Interface(InterfaceMatch i, ref string? problem) =>
        RlSyntax.IsInterface(i.Name)
            ? (i.Side == InterfaceSide.In ? "iif " : "oif ") + Neq(i.Negated) + i.Name
            : Fail(ref problem, $"interface name '{i.Name}' is not a .rl name (letters, digits, '_', '-', '.', and a final '+')");

    private static string States(ConntrackStates states, ref string? problem)
    {
        var names = StateOrder.Where(s => (states & s) != 0).Select(s => s.ToString().ToLowerInvariant()).ToArray();
        if (names.Length == 0)
        {
            problem = "it matches no conntrack state";
        }
        return string.Join(",", names);
    }

    private static string? Action(Target target, ref string? problem) => target switch
    {
        VerdictTarget { Verdict: VerdictKind.Accept } => "accept",
        VerdictTarget { Verdict: VerdictKind.Drop } => "drop",
        VerdictTarget => "return",
        RejectTarget r => r.With == RejectWith.PortUnreachable ? "reject" : "reject with " + RejectKind(r.With),
        JumpTarget j => RlSyntax.IsName(j.Chain)
            ? (j.IsGoto ? "goto " : "jump ") + j.Chain
            : Fail(ref problem, $"chain name '{j.Chain}' is not a .rl name"),
        LogTarget l => Log(l, ref problem),
        DnatTarget d => NatAddress("dnat", d, ref problem),
        SnatTarget s => NatAddress("snat", s, ref problem),
        MasqueradeTarget m => "masquerade" + (m.Ports is { } ports ? " to " + RlSyntax.Ports(ports) : "") + (m.RandomFully ? " random-fully" : ""),
        RedirectTarget r => "redirect to " + RlSyntax.Ports(r.Ports),
        MarkTarget m => "mark set " + RlSyntax.Number(m.Value) + (m.Mask == 0xffffffff ? "" : "/" + RlSyntax.Number(m.Mask)),
        ConnmarkTarget { Mode: ConnmarkMode.Save } => "connmark save",
        ConnmarkTarget { Mode: ConnmarkMode.Restore } => "connmark restore",
        ConnmarkTarget c => "connmark set " + RlSyntax.Number(c.Value) + (c.Mask == 0xffffffff ? "" : "/" + RlSyntax.Number(c.Mask)),
        DscpTarget d => "dscp set " + RlSyntax.Number(d.Value),
        TcpMssTarget { Mss: { } mss } => "mss set " + RlSyntax.Number(mss),
        TcpMssTarget => "mss clamp-to-pmtu",
        NotrackTarget => "notrack",
        CtTarget ct => CtTemplate(ct, ref problem),
        NoTarget => "count",
        _ => Fail(ref problem, $"the grammar has no action for target {target.Name}"),
    };

    /// <summary>ct helper set "NAME" [zone part] | ct [original|reply] zone set N.</summary>
    private static string? CtTemplate(CtTarget ct, ref string? problem)
    {
        string zone = ct.Zone is { } z
            ? ct.ZoneDirection switch
            {
                ConntrackZoneDirection.Original => "original ",
                ConntrackZoneDirection.Reply => "reply ",
                _ => "",
            } + "zone set " + RlSyntax.Number(z)
            : "";
        if (ct.Helper is null)
        {
            return "ct " + zone;
        }
        if (!RlSyntax.TryString(ct.Helper, out string helper))
        {
            return Fail(ref problem, $"helper name '{ct.Helper}' is not a .rl string");
        }
        return "ct helper set " + helper + (zone.Length > 0 ? " " + zone : "");
    }

    /// <summary>
    /// recent ( set | check | update | remove ) name LIST [ seconds N ] [ reap ] [ hitcount N ] [ rttl ] [ rdest ]: a
    /// list name that is not a .rl name is a string.
    /// </summary>
    private static string? Recent(RecentMatch r, ref string? problem)
    {
        string list;
        if (r.Seconds < 0)
        {
            return Fail(ref problem, "its recent --seconds is negative, which a .rl number cannot be");
        }
        if (RlSyntax.IsName(r.Name))
        {
            list = r.Name;
        }
        else if (!RlSyntax.TryString(r.Name, out list))
        {
            return Fail(ref problem, "its recent list name has a line break, which a .rl string cannot hold");
        }
        if (r.HitCount < 0)
        {
            return Fail(ref problem, "its recent --hitcount is negative, which a .rl number cannot be");
        }
        string command = r.Command switch
        {
            RecentCommand.Set => "set",
            RecentCommand.Update => "update",
            RecentCommand.Remove => "remove",
            _ => "check",
        };
        return "recent " + command + " name " + list
            + (r.Seconds is { } seconds ? " seconds " + RlSyntax.Number(seconds) : "") + (r.Reap ? " reap" : "")
            + (r.HitCount is { } hitCount ? " hitcount " + RlSyntax.Number(hitCount) : "") + (r.Ttl ? " rttl" : "")
            + (r.Side == AddressSide.Destination ? " rdest" : "");
    }

    /// <summary>hashlimit ( upto | above ) RATE/UNIT [ burst N ] [ per KEY,... ] name NAME [ expire MS ] [ srcmask N ] [ dstmask N ].</summary>
    private static string? HashLimit(HashLimitMatch h, ref string? problem)
    {
        if (h.Rate < 0 || h.Burst < 0 || h.ExpireMilliseconds < 0 || h.SourcePrefix < 0 || h.DestinationPrefix < 0)
        {
            return Fail(ref problem, "its hashlimit has a negative number, which a .rl number cannot be");
        }
        string table;
        if (RlSyntax.IsName(h.Name))
        {
            table = h.Name;
        }
        else if (!RlSyntax.TryString(h.Name, out table))
        {
            return Fail(ref problem, "its hashlimit name has a line break, which a .rl string cannot hold");
        }
        var keys = new[] { (HashLimitKeys.SourceAddress, "saddr"), (HashLimitKeys.SourcePort, "sport"), (HashLimitKeys.DestinationAddress, "daddr"), (HashLimitKeys.DestinationPort, "dport") }
            .Where(k => (h.Keys & k.Item1) != 0).Select(k => k.Item2).ToArray();
        return "hashlimit " + (h.Above ? "above " : "upto ") + RlSyntax.Number(h.Rate) + "/" + h.Unit.ToString().ToLowerInvariant()
            + (h.Burst == HashLimitMatch.DefaultBurst ? "" : " burst " + RlSyntax.Number(h.Burst))
            + (keys.Length == 0 ? "" : " per " + string.Join(",", keys))
            + " name " + table
            + (h.ExpireMilliseconds is { } expire ? " expire " + RlSyntax.Number(expire) : "")
            + (h.SourcePrefix is { } source ? " srcmask " + RlSyntax.Number(source) : "")
            + (h.DestinationPrefix is { } destination ? " dstmask " + RlSyntax.Number(destination) : "");
    }

    private static string? Log(LogTarget l, ref string? problem)
    {
        string text = "log";
        if (!string.IsNullOrEmpty(l.Prefix))
        {
            if (!RlSyntax.TryString(l.Prefix!, out string literal))
            {
                return Fail(ref problem, "its log prefix has a line break, which a .rl string cannot hold");
            }
            text += " prefix " + literal;
        }
        if (l.Level != LogTarget.DefaultLevel)
        {
            text += " level " + RlSyntax.Number(l.Level);
        }
        return l.Flags == LogFlags.None ? text : text + " flags " + LogFlagList(l.Flags);
    }

    private static string LogFlagList(LogFlags flags) => flags == LogFlags.All ? "all"
        : string.Join(",", LogTarget.FlagOptions.Where(f => (flags & f.Flag) != 0).Select(f => f.Option.Substring("--log-".Length)));

    private static string? NatAddress(string verb, NatTarget nat, ref string? problem)
    {
        if (nat.Host is not { } host)
        {
            return Fail(ref problem, $"'{nat.Address}' is not an address");
        }
        string address = host.AddressText;
        if (nat.Ports is not { } ports)
        {
            return verb + " to " + address;
        }
        return verb + " to " + (host.Family == IpFamily.IPv6 ? "[" + address + "]" : address) + ":" + RlSyntax.Ports(ports);
    }

    private static string RejectKind(RejectWith with) => with switch
    {
        RejectWith.HostUnreachable => "host-unreachable",
        RejectWith.NetUnreachable => "net-unreachable",
        RejectWith.AdminProhibited => "admin-prohibited",
        RejectWith.TcpReset => "tcp-reset",
        RejectWith.ProtoUnreachable => "proto-unreachable",
        RejectWith.NetProhibited => "net-prohibited",
        RejectWith.HostProhibited => "host-prohibited",
        RejectWith.PolicyFail => "policy-fail",
        RejectWith.RejectRoute => "reject-route",
        _ => "port-unreachable",
    };

    /// <summary>owner [socket exists|missing] [uid [!=] N[-M]] [gid [!=] N[-M]], in iptables-save's order.</summary>
    private static string Owner(OwnerMatch o) =>
        "owner" + (o.SocketExists is { } exists ? (exists ? " socket exists" : " socket missing") : "")
        + (o.Uid is { } uid ? " uid " + Neq(uid.Negated) + uid : "")
        + (o.Gid is { } gid ? " gid " + Neq(gid.Negated) + gid : "");

    /// <summary>physdev [!= ]is-in in [!= ]NAME [!= ]is-out out [!= ]NAME [!= ]is-bridged, in iptables-save's order.</summary>
    private static string? Physdev(PhysdevMatch d, ref string? problem)
    {
        foreach (var port in new[] { d.In, d.Out })
        {
            if (port is { } p && !RlSyntax.IsInterface(p.Name))
            {
                return Fail(ref problem, $"bridge port name '{p.Name}' is not a .rl name (letters, digits, '_', '-', '.', and a final '+')");
            }
        }
        static string Flag(string word, bool? value) => value is { } v ? " " + Neq(!v) + word : "";
        static string Port(string word, BridgePort? port) => port is { } p ? " " + word + " " + Neq(p.Negated) + p.Name : "";
        return "physdev" + Flag("is-in", d.IsIn) + Port("in", d.In) + Flag("is-out", d.IsOut) + Port("out", d.Out) + Flag("is-bridged", d.IsBridged);
    }

    internal static string? Fail(ref string? problem, string why)
    {
        problem ??= why;
        return null;
    }
}
