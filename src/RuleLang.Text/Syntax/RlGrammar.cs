using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;
using RuleLang.Text.Building;
using Sprache;

namespace RuleLang.Text.Syntax;

/// <summary>
/// grammar/rulelang.ebnf as parsers, one field per production and in the grammar's order within each part (a
/// field may use only fields above it). Each statement parser reads one statement to its end; the line and block
/// structure around statements is <see cref="Building.FileParser"/>'s.
/// </summary>
internal static class RlGrammar
{
    // ---- tokens -------------------------------------------------------------------------------------------------

    private static readonly Parser<Tok> NameTok = Tokens.Token(Tokens.Name, "a name");
    private static readonly Parser<Tok> NumberTok = Tokens.Token(Tokens.Number, "a number");
    private static readonly Parser<Tok> PortTok = Tokens.Token(Tokens.Digits, "a port number");
    private static readonly Parser<Tok> SpanTok = Tokens.Token(Tokens.PortSpan, "a port number or range");
    private static readonly Parser<Tok> InterfaceTok = Tokens.Token(Tokens.Interface, "an interface name");
    private static readonly Parser<Tok> AddressTok = Tokens.Token(Tokens.Address, "an address");
    private static readonly Parser<Tok> DefRefTok = Tokens.Token(Tokens.DefinitionReference, "a $definition");
    private static readonly Parser<Tok> QuotedString = Tokens.QuotedString;
    private static readonly Parser<bool> Neq = Tokens.Symbol("!=").XOptional().Select(o => o.IsDefined);

    private static Parser<Tok> Kw(string word) => Tokens.Keyword(word);

    private static Parser<Tok> Sym(string symbol) => Tokens.Symbol(symbol);

    /// <summary>"[ "/", number ]" after a number: a mask or an ICMP code.</summary>
    private static readonly Parser<Tok?> SlashNumber =
        Sym("/").Then(_ => NumberTok).XOptional().Select(o => o.IsDefined ? o.Get() : null);

    private static readonly Parser<Tok> Ipv4Address = Tokens.Token(Tokens.Ipv4Address, "an IPv4 address");

    private static readonly Parser<Tok> BracketedIpv6 =
        Tokens.Token(Tokens.BracketedIpv6, "'[' and an IPv6 address").Select(t => t with { Text = t.Text.Substring(1, t.Text.Length - 2) });

    /// <summary>host-port = ipv4-address ":" port | "[" ipv6-address "]" ":" port.</summary>
    private static readonly Parser<HostPort> HostAndPort =
        (from address in Ipv4Address.Or(BracketedIpv6)
         from colon in Sym(":")
         from port in PortTok
         select new HostPort(address, port))
        .Named("an address and port, such as 10.0.0.2:22 or [2001:db8::2]:22");

    // ---- matches ------------------------------------------------------------------------------------------------

    private static readonly Parser<Located<Protocol>> ProtocolName = Tokens.OneOf(
        "a protocol (tcp, udp, sctp, icmp or icmpv6)",
        ("tcp", Protocol.Tcp), ("udp", Protocol.Udp), ("sctp", Protocol.Sctp), ("icmp", Protocol.Icmp), ("icmpv6", Protocol.Icmpv6));

    private static readonly Parser<MatchSyntax> ProtocolClause =
        ProtocolName.Select(p => (MatchSyntax)new ProtocolSyntax(p.Value, false, p.At))
        .Or(from kw in Kw("proto")
            from match in
                (from neq in Sym("!=") from p in ProtocolName select new ProtocolSyntax(p.Value, true, kw.At))
                .Or(Kw("all").Select(_ => new ProtocolSyntax(Protocol.All, false, kw.At)))
                .Or(ProtocolName.Select(p => new ProtocolSyntax(p.Value, false, kw.At)))
                .Named("a protocol (tcp, udp, sctp, icmp or icmpv6), 'all' or '!='")
            select (MatchSyntax)match);

    private static readonly Parser<AddressOperand> AddressValue =
        AddressTok.Select(a => new AddressOperand(a, null))
        .Or(DefRefTok.Select(r => new AddressOperand(null, r)))
        .Named("an address or a $definition");

    /// <summary>address-range: -m iprange, two addresses joined by '-' as nft spells an interval.</summary>
    private static readonly Parser<Tok> AddressRangeTok = Tokens.Token(Tokens.AddressRange, "an address range");

    private static readonly Parser<MatchSyntax> AddressClause =
        from side in Tokens.OneOf("'saddr' or 'daddr'", ("saddr", AddressSide.Source), ("daddr", AddressSide.Destination))
        from negated in Neq
        from match in AddressRangeTok.Select(range => AddressRange(side, negated, range))
            .Or(AddressValue.Select(operand => (MatchSyntax)new AddressSyntax(side.Value, negated, operand, side.At)))
            .Named("an address or a $definition")
        select match;

    private static MatchSyntax AddressRange(Located<AddressSide> side, bool negated, Tok range)
    {
        int dash = range.Text.IndexOf('-');
        return new SimpleMatchSyntax(
            _ => new AddressRangeMatch(side.Value, range.Text.Substring(0, dash), range.Text.Substring(dash + 1), negated), side.At);
    }

    private static readonly Parser<MatchSyntax> InterfaceClause =
        from side in Tokens.OneOf("'iif' or 'oif'", ("iif", InterfaceSide.In), ("oif", InterfaceSide.Out))
        from negated in Neq
        from name in InterfaceTok
        select (MatchSyntax)new SimpleMatchSyntax(_ => new InterfaceMatch(side.Value, name.Text, negated), side.At);

    /// <summary>port-list = "{" port-span { "," port-span } "}".</summary>
    private static readonly Parser<IReadOnlyList<Tok>> PortList =
        from open in Sym("{")
        from first in SpanTok
        from rest in Sym(",").Then(_ => SpanTok).XMany()
        from close in Sym("}").Named("',' or '}'")
        select (IReadOnlyList<Tok>)new[] { first }.Concat(rest).ToArray();

    private static readonly Parser<PortOperand> PortValue =
        SpanTok.Select(s => new PortOperand(new[] { s }, null))
        .Or(PortList.Select(l => new PortOperand(l, null)))
        .Or(DefRefTok.Select(r => new PortOperand(null, r)))
        .Named("a port number or range");

    private static readonly Parser<MatchSyntax> PortClause =
        from side in Tokens.OneOf("'sport' or 'dport'", ("sport", AddressSide.Source), ("dport", AddressSide.Destination))
        from negated in Neq
        from operand in PortValue
        select (MatchSyntax)new PortSyntax(side.Value, negated, operand, side.At);

    private static readonly Parser<Located<ConntrackStates>> CtState = Tokens.OneOf(
        "a connection state (new, established, related, invalid, untracked, snat or dnat)",
        ("new", ConntrackStates.New), ("established", ConntrackStates.Established), ("related", ConntrackStates.Related),
        ("invalid", ConntrackStates.Invalid), ("untracked", ConntrackStates.Untracked), ("snat", ConntrackStates.Snat),
        ("dnat", ConntrackStates.Dnat));

    private static readonly Parser<MatchSyntax> StateClause =
        from kw in Kw("state")
        from negated in Neq
        from first in CtState
        from rest in Sym(",").Then(_ => CtState).XMany()
        let states = rest.Aggregate(first.Value, (all, s) => all | s.Value)
        select (MatchSyntax)new SimpleMatchSyntax(_ => new ConntrackMatch(states, negated), kw.At);

    /// <summary>'ct' that begins a match, not the CT target's action (ct helper set, ct [original|reply] zone set).</summary>
    private static readonly Parser<Tok> CtMatchKw = Tokens.Keyword("ct",
        new[] { "helper" }, new[] { "zone" }, new[] { "original", "zone" }, new[] { "reply", "zone" });

    /// <summary>ct proto [!=] protocol: -m conntrack --ctproto.</summary>
    private static readonly Parser<MatchSyntax> CtProtoClause =
        from kw in CtMatchKw
        from proto in Kw("proto")
        from negated in Neq
        from protocol in ProtocolName
        select (MatchSyntax)new SimpleMatchSyntax(_ => new ConntrackProtocolMatch(protocol.Value, negated), kw.At);

    /// <summary>ct original|reply saddr|daddr|sport|dport [!=] value: conntrack's --ctorigsrc … --ctrepldstport.</summary>
    private static readonly Parser<MatchSyntax> CtTupleClause =
        from kw in CtMatchKw
        from tuple in Tokens.OneOf("'original' or 'reply'", ("original", ConntrackTuple.Original), ("reply", ConntrackTuple.Reply))
        from field in Tokens.OneOf("'saddr', 'daddr', 'sport' or 'dport'",
            ("saddr", (AddressSide.Source, false)), ("daddr", (AddressSide.Destination, false)),
            ("sport", (AddressSide.Source, true)), ("dport", (AddressSide.Destination, true)))
        from negated in Neq
        from value in field.Value.Item2 ? SpanTok : AddressTok
        select (MatchSyntax)new SimpleMatchSyntax(
            r => !field.Value.Item2 ? new ConntrackAddressMatch(tuple.Value, field.Value.Item1, value.Text, negated)
                : r.Span(value) is { } span ? new ConntrackPortMatch(tuple.Value, field.Value.Item1, span, negated)
                : null,
            kw.At);

    private static readonly Parser<Located<ConntrackStatus>> CtStatusName = Tokens.OneOf(
        "a connection status (expected, seen-reply, assured, confirmed or none)",
        ("expected", ConntrackStatus.Expected), ("seen-reply", ConntrackStatus.SeenReply), ("assured", ConntrackStatus.Assured),
        ("confirmed", ConntrackStatus.Confirmed), ("none", ConntrackStatus.None));

    /// <summary>ct status [!=] status, …: -m conntrack --ctstatus (any of them).</summary>
    private static readonly Parser<MatchSyntax> CtStatusClause =
        from kw in CtMatchKw
        from status in Kw("status")
        from negated in Neq
        from first in CtStatusName
        from rest in Sym(",").Then(_ => CtStatusName).XMany()
        let bits = rest.Aggregate(first.Value, (all, s) => all | s.Value)
        select (MatchSyntax)new SimpleMatchSyntax(_ => new ConntrackStatusMatch(bits, negated), kw.At);

    /// <summary>ct direction original|reply: -m conntrack --ctdir.</summary>
    private static readonly Parser<MatchSyntax> CtDirectionClause =
        from kw in CtMatchKw
        from direction in Kw("direction")
        from value in Tokens.OneOf("'original' or 'reply'", ("original", ConntrackTuple.Original), ("reply", ConntrackTuple.Reply))
        select (MatchSyntax)new SimpleMatchSyntax(_ => new ConntrackDirectionMatch(value.Value), kw.At);

    /// <summary>ct expiration [!=] seconds[-seconds]: -m conntrack --ctexpire, whole seconds left.</summary>
    private static readonly Parser<MatchSyntax> CtExpirationClause =
        from kw in CtMatchKw
        from expiration in Kw("expiration")
        from negated in Neq
        from value in SpanTok.Named("seconds, or a range of them such as 10-20")
        select (MatchSyntax)new SimpleMatchSyntax(r => r.SecondsRange(value) is { } range ? new ConntrackExpireMatch(range.Min, range.Max, negated) : null, kw.At);

    private static readonly Parser<MatchSyntax> MarkClause =
        from kw in Tokens.Keyword("mark", notBefore: "set")
        from negated in Neq
        from value in NumberTok
        from mask in SlashNumber
        select (MatchSyntax)new SimpleMatchSyntax(
            r => r.UInt(value, "mark") is { } v && (mask is null ? 0xffffffff : r.UInt(mask, "mark mask")) is { } m
                ? new MarkMatch(v, m, negated)
                : null,
            kw.At);

    private static readonly Parser<Located<AddressType>> AddrType = Tokens.OneOf(
        "an address type (unspec, unicast, local, broadcast, anycast, multicast, blackhole, unreachable, prohibit, throw, nat or xresolve)",
        ("unspec", AddressType.Unspec), ("unicast", AddressType.Unicast), ("local", AddressType.Local),
        ("broadcast", AddressType.Broadcast), ("anycast", AddressType.Anycast), ("multicast", AddressType.Multicast),
        ("blackhole", AddressType.Blackhole), ("unreachable", AddressType.Unreachable), ("prohibit", AddressType.Prohibit),
        ("throw", AddressType.Throw), ("nat", AddressType.Nat), ("xresolve", AddressType.Xresolve));

    private static readonly Parser<MatchSyntax> AddrTypeClause =
        from side in Tokens.OneOf("'stype' or 'dtype'", ("stype", AddressSide.Source), ("dtype", AddressSide.Destination))
        from negated in Neq
        from type in AddrType
        select (MatchSyntax)new SimpleMatchSyntax(_ => new AddressTypeMatch(side.Value, type.Value, negated), side.At);

    private static readonly Parser<MatchSyntax> RandomClause =
        from kw in Kw("random")
        from p in Tokens.Token(Tokens.Decimal, "a probability, such as 0.25")
        select (MatchSyntax)new SimpleMatchSyntax(r => new RandomMatch(r.Decimal(p)), kw.At);

    private static readonly Parser<MatchSyntax> NthClause =
        from kw in Kw("nth")
        from every in Kw("every")
        from n in NumberTok
        from packet in Kw("packet")
        from p in NumberTok
        select (MatchSyntax)new SimpleMatchSyntax(
            r => r.Int(n, "nth every") is { } e && r.Int(p, "nth packet") is { } k ? new NthMatch(e, k) : null, kw.At);

    private static readonly Parser<Located<RateUnit>> RateUnitName = Tokens.OneOf(
        "a rate unit (second, minute, hour or day)",
        ("second", RateUnit.Second), ("minute", RateUnit.Minute), ("hour", RateUnit.Hour), ("day", RateUnit.Day));

    private static readonly Parser<MatchSyntax> LimitClause =
        from kw in Kw("limit")
        from rate in NumberTok
        from slash in Sym("/")
        from unit in RateUnitName
        from burst in Kw("burst").Then(_ => NumberTok).XOptional()
        select (MatchSyntax)new SimpleMatchSyntax(
            r => r.Int(rate, "limit rate") is { } n && (burst.IsDefined ? r.Int(burst.Get(), "limit burst") : Model.Matches.LimitMatch.DefaultBurst) is { } b
                ? new LimitMatch(n, unit.Value, b)
                : null,
            kw.At);

    private static readonly Parser<MatchSyntax> IcmpClause =
        from kw in Kw("type")
        from match in
            (from type in NumberTok from code in SlashNumber select new IcmpSyntax(type, code, false, kw.At))
            .Or(NameTok.Select(n => new IcmpSyntax(n, null, true, kw.At)))
            .Named("an ICMP type name or number, such as echo-request or 8")
        select (MatchSyntax)match;

    private static readonly Parser<MatchSyntax> CommentClause =
        from kw in Kw("comment")
        from text in QuotedString
        select (MatchSyntax)new SimpleMatchSyntax(_ => new CommentMatch(text.Text), kw.At);

    /// <summary>
    /// recent-match = "recent" ( "set" | "check" | "update" | "remove" ) "name" ( name | string ) [ "seconds" number ]
    /// [ "reap" ] [ "hitcount" number ] [ "rttl" ] [ "rdest" ], in iptables-save's order.
    /// </summary>
    private static readonly Parser<MatchSyntax> RecentClause =
        from kw in Kw("recent")
        from command in Tokens.OneOf("'set', 'check', 'update' or 'remove'", ("set", RecentCommand.Set), ("check", RecentCommand.Rcheck),
            ("update", RecentCommand.Update), ("remove", RecentCommand.Remove))
        from nameKw in Kw("name")
        from list in NameTok.Or(QuotedString).Named("a recent list name")
        from seconds in Kw("seconds").Then(_ => NumberTok).XOptional()
        from reap in Kw("reap").XOptional()
        from hitCount in Kw("hitcount").Then(_ => NumberTok).XOptional()
        from ttl in Kw("rttl").XOptional()
        from destination in Kw("rdest").XOptional()
        select (MatchSyntax)new SimpleMatchSyntax(
            r =>
            {
                int? s = seconds.IsDefined ? r.Int(seconds.Get(), "recent seconds") : null;
                int? h = hitCount.IsDefined ? r.Int(hitCount.Get(), "recent hitcount") : null;
                if ((seconds.IsDefined && s is null) || (hitCount.IsDefined && h is null))
                {
                    return null;
                }
                return new RecentMatch(list.Text, command.Value, s, reap.IsDefined, h, ttl.IsDefined,
                    destination.IsDefined ? AddressSide.Destination : AddressSide.Source);
            },
            kw.At);

    private static readonly Parser<HashLimitKeys> HashLimitKey = Tokens.OneOf(
        "a hashlimit key (saddr, sport, daddr or dport)",
        ("saddr", HashLimitKeys.SourceAddress), ("sport", HashLimitKeys.SourcePort),
        ("daddr", HashLimitKeys.DestinationAddress), ("dport", HashLimitKeys.DestinationPort)).Select(k => k.Value);

    /// <summary>
    /// hashlimit-match = "hashlimit" ( "upto" | "above" ) number "/" rate-unit [ "burst" number ]
    /// [ "per" hashlimit-key { "," hashlimit-key } ] "name" ( name | string ) [ "expire" number ] [ "srcmask" number ]
    /// [ "dstmask" number ], in iptables-save's order.
    /// </summary>
    private static readonly Parser<MatchSyntax> HashLimitClause =
        from kw in Kw("hashlimit")
        from above in Tokens.OneOf("'upto' or 'above'", ("upto", false), ("above", true))
        from rate in NumberTok
        from slash in Sym("/")
        from unit in RateUnitName
        from burst in Kw("burst").Then(_ => NumberTok).XOptional()
        from keys in Kw("per").Then(_ => from first in HashLimitKey
                                         from rest in Sym(",").Then(_ => HashLimitKey).XMany()
                                         select rest.Aggregate(first, (all, k) => all | k)).XOptional()
        from nameKw in Kw("name")
        from table in NameTok.Or(QuotedString).Named("a hashlimit table name")
        from expire in Kw("expire").Then(_ => NumberTok).XOptional()
        from srcmask in Kw("srcmask").Then(_ => NumberTok).XOptional()
        from dstmask in Kw("dstmask").Then(_ => NumberTok).XOptional()
        select (MatchSyntax)new SimpleMatchSyntax(
            r =>
            {
                int? Optional(IOption<Tok> token, string what) => token.IsDefined ? r.Int(token.Get(), what) : null;
                int? n = r.Int(rate, "hashlimit rate");
                int? b = burst.IsDefined ? r.Int(burst.Get(), "hashlimit burst") : HashLimitMatch.DefaultBurst;
                int? e = Optional(expire, "hashlimit expire");
                int? s = Optional(srcmask, "hashlimit srcmask");
                int? d = Optional(dstmask, "hashlimit dstmask");
                if (n is null || b is null || (expire.IsDefined && e is null) || (srcmask.IsDefined && s is null) || (dstmask.IsDefined && d is null))
                {
                    return null;
                }
                return new HashLimitMatch(table.Text, n.Value, unit.Value, above.Value, b.Value, keys.GetOrDefault(), s, d, e);
            },
            kw.At);

    /// <summary>connlimit-match = "connlimit" ( "upto" | "above" ) number [ "mask" number ] [ "per" ( "saddr" | "daddr" ) ].</summary>
    private static readonly Parser<MatchSyntax> ConnectionLimitClause =
        from kw in Kw("connlimit")
        from above in Tokens.OneOf("'upto' or 'above'", ("upto", false), ("above", true))
        from count in NumberTok
        from mask in Kw("mask").Then(_ => NumberTok).XOptional()
        from side in Kw("per").Then(_ => Tokens.OneOf("'saddr' or 'daddr'", ("saddr", AddressSide.Source), ("daddr", AddressSide.Destination))).XOptional()
        select (MatchSyntax)new SimpleMatchSyntax(
            r =>
            {
                int? n = r.Int(count, "connlimit count");
                int? prefix = mask.IsDefined ? r.Int(mask.Get(), "connlimit mask") : null;
                return n is null || (mask.IsDefined && prefix is null) ? null
                    : new ConnectionLimitMatch(n.Value, above.Value, prefix, side.IsDefined ? side.Get().Value : AddressSide.Source);
            },
            kw.At);

    private static readonly Parser<Located<TcpFlags>> TcpFlagName = Tokens.OneOf(
        "a TCP flag (fin, syn, rst, psh, ack, urg, all or none)",
        ("fin", TcpFlags.Fin), ("syn", TcpFlags.Syn), ("rst", TcpFlags.Rst), ("psh", TcpFlags.Psh), ("ack", TcpFlags.Ack),
        ("urg", TcpFlags.Urg), ("all", TcpFlags.All), ("none", TcpFlags.None));

    private static readonly Parser<TcpFlags> TcpFlagList =
        from first in TcpFlagName
        from rest in Sym(",").Then(_ => TcpFlagName).XMany()
        select rest.Aggregate(first.Value, (all, f) => all | f.Value);

    /// <summary>tcp-flags-match = "syn" | "flags" [ neq ] flag-list flag-list: iptables' --syn and --tcp-flags MASK COMP.</summary>
    private static readonly Parser<MatchSyntax> TcpFlagsClause =
        Kw("syn").Select(kw => (MatchSyntax)new SimpleMatchSyntax(_ => TcpFlagsMatch.Syn(), kw.At))
        .Or(from kw in Kw("flags")
            from negated in Neq
            from mask in TcpFlagList
            from comparison in TcpFlagList
            select (MatchSyntax)new SimpleMatchSyntax(_ => new TcpFlagsMatch(mask, comparison, negated), kw.At));

    private static readonly Parser<MatchSyntax> PacketTypeClause =
        from kw in Kw("pkttype")
        from negated in Neq
        from type in Tokens.OneOf("a packet type (unicast, broadcast or multicast)",
            ("unicast", PacketType.Unicast), ("broadcast", PacketType.Broadcast), ("multicast", PacketType.Multicast))
        select (MatchSyntax)new SimpleMatchSyntax(_ => new PacketTypeMatch(type.Value, negated), kw.At);

    /// <summary>owner-ids = ( "uid" | "gid" ) [ neq ] ( id | id "-" id | name ): a name parses, so it can be refused with RL2131.</summary>
    private static Parser<(Tok Word, bool Negated, Tok Ids)> OwnerIdsClause(string word) =>
        from kw in Kw(word)
        from negated in Neq
        from ids in SpanTok.Or(NameTok).Named("a numeric " + word + ", or two joined by '-'")
        select (kw, negated, ids);

    /// <summary>owner-match = "owner" [ "socket" ( "exists" | "missing" ) ] [ uid ] [ gid ]: -m owner, in iptables-save's order.</summary>
    private static readonly Parser<MatchSyntax> OwnerClause =
        from kw in Kw("owner")
        from socket in Kw("socket").Then(_ => Tokens.OneOf("'exists' or 'missing'", ("exists", true), ("missing", false))).XOptional()
        from uid in OwnerIdsClause("uid").XOptional()
        from gid in OwnerIdsClause("gid").XOptional()
        select (MatchSyntax)new SimpleMatchSyntax(r =>
        {
            var uidIds = uid.IsDefined ? OwnerIds(r, uid.Get(), "user") : null;
            var gidIds = gid.IsDefined ? OwnerIds(r, gid.Get(), "group") : null;
            return (uid.IsDefined && uidIds is null) || (gid.IsDefined && gidIds is null) ? null
                : new OwnerMatch(uidIds, gidIds, socket.IsDefined ? socket.Get().Value : null);
        }, kw.At);

    private static OwnerIds? OwnerIds(ValueReader reader, (Tok Word, bool Negated, Tok Ids) clause, string kind)
    {
        var ids = clause.Ids;
        if (ids.Text.Length > 0 && ids.Text[0] is not (>= '0' and <= '9'))
        {
            reader.Diagnostics.Report(DiagnosticCatalog.OwnerIdByName, reader.At(ids.At), ids.Text, kind, kind == "user" ? "passwd" : "group",
                kind == "user" ? "id -u " + ids.Text : "getent group " + ids.Text);
            return null;
        }
        int dash = ids.Text.IndexOf('-');
        uint? low = reader.UInt(ids with { Text = dash < 0 ? ids.Text : ids.Text.Substring(0, dash) }, clause.Word.Text);
        uint? high = dash < 0 ? low : reader.UInt(ids with { Text = ids.Text.Substring(dash + 1) }, clause.Word.Text);
        return low is { } l && high is { } h ? new OwnerIds(l, h, clause.Negated) : null;
    }

    /// <summary>A physdev flag: the word, or '!=' and the word for its negation (true, false, or null when absent).</summary>
    private static Parser<bool?> PhysdevFlag(string word) =>
        Tokens.Symbol("!=").Then(_ => Kw(word)).Select(_ => (bool?)false)
            .Or(Kw(word).Select(_ => (bool?)true))
            .Optional().Select(o => o.IsDefined ? o.Get() : null);

    private static Parser<BridgePort?> PhysdevPort(string word) =>
        (from kw in Kw(word)
         from negated in Neq
         from name in InterfaceTok
         select (BridgePort?)new BridgePort(name.Text, negated))
        .Optional().Select(o => o.IsDefined ? o.Get() : null);

    /// <summary>
    /// physdev-match = "physdev" [ [neq] "is-in" ] [ "in" [neq] iface ] [ [neq] "is-out" ] [ "out" [neq] iface ]
    /// [ [neq] "is-bridged" ]: -m physdev, in iptables-save's order.
    /// </summary>
    private static readonly Parser<MatchSyntax> PhysdevClause =
        from kw in Kw("physdev")
        from isIn in PhysdevFlag("is-in")
        from inPort in PhysdevPort("in")
        from isOut in PhysdevFlag("is-out")
        from outPort in PhysdevPort("out")
        from isBridged in PhysdevFlag("is-bridged")
        select (MatchSyntax)new SimpleMatchSyntax(_ => new PhysdevMatch(inPort, outPort, isIn, isOut, isBridged), kw.At);

    /// <summary>set-match: saddr/daddr @set (an address set), sport/dport @set (a port set); -m set --match-set.</summary>
    private static readonly Parser<MatchSyntax> SetClause = input =>
    {
        // Fails where it started, expecting nothing, unless the '@' is there: saddr/dport without a set are the
        // address and port clauses', and their errors read as before.
        var result = SetClauseAfterKeyword!(input);
        return result.WasSuccessful ? result : Result.Failure<MatchSyntax>(input, "", System.Array.Empty<string>());
    };

    private static readonly Parser<MatchSyntax> SetClauseAfterKeyword =
        from side in Tokens.OneOf("'saddr', 'daddr', 'sport' or 'dport'",
            ("saddr", (AddressSide.Source, false)), ("daddr", (AddressSide.Destination, false)),
            ("sport", (AddressSide.Source, true)), ("dport", (AddressSide.Destination, true)))
        from negated in Neq
        from name in Tokens.Token(Tokens.SetReference, "a set, such as @blocklist")
        select (MatchSyntax)new SetRefSyntax(side.Value.Item1, side.Value.Item2, negated, name with { Text = name.Text.Substring(1) }, side.At);

    public static readonly Parser<MatchSyntax> Match =
        SetClause.Or(ProtocolClause).Or(AddressClause).Or(InterfaceClause).Or(PortClause).Or(StateClause).Or(MarkClause).Or(AddrTypeClause)
        .Or(RandomClause).Or(NthClause).Or(LimitClause).Or(IcmpClause).Or(CommentClause).Or(RecentClause).Or(HashLimitClause).Or(ConnectionLimitClause)
        .Or(CtProtoClause.Or(CtTupleClause).Or(CtStatusClause).Or(CtDirectionClause).Or(CtExpirationClause)
            .Named("'ct proto', 'ct original', 'ct reply', 'ct status', 'ct direction' or 'ct expiration'")).Or(TcpFlagsClause).Or(PacketTypeClause)
        .Or(OwnerClause).Or(PhysdevClause);

    // ---- actions ------------------------------------------------------------------------------------------------

    private static Parser<ActionSyntax> Fixed(string word, Target target) =>
        Kw(word).Select(kw => new ActionSyntax(_ => target, kw.At));

    private static readonly Parser<Located<RejectWith>> RejectKind = Tokens.OneOf(
        "a reject kind (port-unreachable, host-unreachable, net-unreachable, admin-prohibited, tcp-reset, proto-unreachable, net-prohibited, host-prohibited, policy-fail or reject-route)",
        ("port-unreachable", RejectWith.PortUnreachable), ("host-unreachable", RejectWith.HostUnreachable),
        ("net-unreachable", RejectWith.NetUnreachable), ("admin-prohibited", RejectWith.AdminProhibited),
        ("tcp-reset", RejectWith.TcpReset),
        ("proto-unreachable", RejectWith.ProtoUnreachable), ("net-prohibited", RejectWith.NetProhibited),
        ("host-prohibited", RejectWith.HostProhibited), ("policy-fail", RejectWith.PolicyFail), ("reject-route", RejectWith.RejectRoute));

    private static readonly Parser<ActionSyntax> Reject =
        from kw in Kw("reject")
        from with in Kw("with").Then(_ => RejectKind).XOptional()
        select new ActionSyntax(_ => new RejectTarget(with.IsDefined ? with.Get().Value : RejectWith.PortUnreachable), kw.At);

    private static readonly Parser<ActionSyntax> Jump =
        from kw in Tokens.OneOf("'jump' or 'goto'", ("jump", false), ("goto", true))
        from chain in NameTok.Named("a chain name")
        select new ActionSyntax(_ => new JumpTarget(chain.Text, kw.Value), kw.At);

    private static readonly Parser<Located<LogFlags>> LogFlagName = Tokens.OneOf(
        "a log flag (tcp-sequence, tcp-options, ip-options, uid, macdecode or all)",
        ("tcp-sequence", LogFlags.TcpSequence), ("tcp-options", LogFlags.TcpOptions), ("ip-options", LogFlags.IpOptions),
        ("uid", LogFlags.Uid), ("macdecode", LogFlags.MacDecode), ("all", LogFlags.All));

    /// <summary>"flags" log-flag { "," log-flag }: LOG's --log-tcp-sequence, --log-tcp-options, … as one list.</summary>
    private static readonly Parser<LogFlags> LogFlagList =
        from kw in Kw("flags")
        from first in LogFlagName
        from rest in Sym(",").Then(_ => LogFlagName).XMany()
        select rest.Aggregate(first.Value, (all, f) => all | f.Value);

    private static readonly Parser<ActionSyntax> Log =
        from kw in Kw("log")
        from prefix in Kw("prefix").Then(_ => QuotedString).XOptional()
        from level in Kw("level").Then(_ => NumberTok).XOptional()
        from flags in LogFlagList.XOptional()
        select new ActionSyntax(
            r => (level.IsDefined ? r.Int(level.Get(), "log level") : LogTarget.DefaultLevel) is { } l
                ? new LogTarget(prefix.IsDefined ? prefix.Get().Text : null, l) { Flags = flags.IsDefined ? flags.Get() : LogFlags.None }
                : null,
            kw.At);

    private static readonly Parser<Tok?> ColonPortSpan =
        Sym(":").Then(_ => SpanTok).XOptional().Select(o => o.IsDefined ? o.Get() : null);

    /// <summary>nat-address = ipv4-address [":" port-span] | "[" ipv6-address "]" [":" port-span] | ipv6-address.</summary>
    private static readonly Parser<(Tok Address, Tok? Ports)> NatAddress =
        (from address in Ipv4Address.Or(BracketedIpv6)
         from ports in ColonPortSpan
         select (address, ports))
        .Or(Tokens.Token(Tokens.Ipv6Address, "an IPv6 address").Select(a => (a, (Tok?)null)))
        .Named("an address, optionally with :port, such as 10.0.0.2:8080 or [2001:db8::2]:8080");

    private static readonly Parser<ActionSyntax> Nat =
        from kw in Tokens.OneOf("'dnat' or 'snat'", ("dnat", true), ("snat", false))
        from to in Kw("to")
        from target in NatAddress
        select new ActionSyntax(
            r =>
            {
                PortSpan? ports = null;
                if (target.Ports is { } written)
                {
                    if (r.Span(written) is not { } span)
                    {
                        return null;
                    }
                    ports = span;
                }
                return kw.Value ? new DnatTarget(target.Address.Text, ports) : new SnatTarget(target.Address.Text, ports);
            },
            kw.At);

    private static readonly Parser<ActionSyntax> Masquerade =
        from kw in Kw("masquerade")
        from ports in Kw("to").Then(_ => SpanTok).XOptional()
        from randomFully in Kw("random-fully").XOptional()
        select new ActionSyntax(
            r => !ports.IsDefined ? new MasqueradeTarget(null, randomFully.IsDefined)
                : r.Span(ports.Get()) is { } span ? new MasqueradeTarget(span, randomFully.IsDefined) : null,
            kw.At);

    private static readonly Parser<ActionSyntax> Redirect =
        from kw in Kw("redirect")
        from to in Kw("to")
        from ports in SpanTok
        select new ActionSyntax(r => r.Span(ports) is { } span ? new RedirectTarget(span) : null, kw.At);

    private static readonly Parser<(Tok Value, Tok? Mask)> SetValue =
        from set in Kw("set")
        from value in NumberTok
        from mask in SlashNumber
        select (value, mask);

    private static readonly Parser<ActionSyntax> SetMark =
        from kw in Kw("mark")
        from v in SetValue
        select new ActionSyntax(
            r => r.UInt(v.Value, "mark") is { } value && (v.Mask is null ? 0xffffffff : r.UInt(v.Mask, "mark mask")) is { } mask
                ? new MarkTarget(value, mask)
                : null,
            kw.At);

    private static readonly Parser<ActionSyntax> Connmark =
        from kw in Kw("connmark")
        from action in
            SetValue.Select(v => new ActionSyntax(
                r => r.UInt(v.Value, "connmark") is { } value && (v.Mask is null ? 0xffffffff : r.UInt(v.Mask, "connmark mask")) is { } mask
                    ? new ConnmarkTarget(ConnmarkMode.Set, value, mask)
                    : null,
                kw.At))
            .Or(Kw("save").Select(_ => new ActionSyntax(_ => new ConnmarkTarget(ConnmarkMode.Save), kw.At)))
            .Or(Kw("restore").Select(_ => new ActionSyntax(_ => new ConnmarkTarget(ConnmarkMode.Restore), kw.At)))
            .Named("'set', 'save' or 'restore'")
        select action;

    private static readonly Parser<Located<int>> DscpClass = Tokens.OneOf(
        "a DSCP class (cs0 to cs7, af11 to af43, ef or be)",
        DscpClasses.ByName.Select(c => (c.Key.ToLowerInvariant(), c.Value)).ToArray());

    private static readonly Parser<ActionSyntax> Dscp =
        from kw in Kw("dscp")
        from set in Kw("set")
        from action in
            NumberTok.Select(n => new ActionSyntax(r => r.Int(n, "DSCP value") is { } v ? new DscpTarget(v) : null, kw.At))
            .Or(DscpClass.Select(c => new ActionSyntax(_ => new DscpTarget(c.Value), kw.At)))
            .Named("a DSCP value or class, such as 0x10 or af41")
        select action;

    /// <summary>mss-action = "mss", ( "clamp-to-pmtu" | "set", number ): the TCPMSS target.</summary>
    private static readonly Parser<ActionSyntax> TcpMss =
        from kw in Kw("mss")
        from action in
            Kw("clamp-to-pmtu").Select(_ => new ActionSyntax(_ => new TcpMssTarget(), kw.At))
            .Or(Kw("set").Then(_ => NumberTok).Select(n => new ActionSyntax(r => r.Int(n, "MSS") is { } v ? new TcpMssTarget(v) : null, kw.At)))
            .Named("'clamp-to-pmtu' or 'set' and a number")
        select action;

    private static readonly Parser<(Tok Zone, Located<ConntrackZoneDirection> Direction)> CtZoneSet =
        from direction in Tokens.OneOf("'original', 'reply' or 'zone'", ("original", ConntrackZoneDirection.Original), ("reply", ConntrackZoneDirection.Reply))
            .XOptional()
        from kw in Kw("zone")
        from set in Kw("set")
        from zone in NumberTok.Named("a zone number")
        select (zone, direction.GetOrElse(new Located<ConntrackZoneDirection>(ConntrackZoneDirection.Both, kw.At)));

    /// <summary>
    /// ct helper set "NAME" [[original|reply] zone set N] | ct [original|reply] zone set N: the CT target's
    /// template, written as nft writes its parts. A helper name is quoted: Q.931 and netbios-ns are not words.
    /// </summary>
    private static readonly Parser<ActionSyntax> CtTemplate =
        from kw in Kw("ct")
        from action in
            (from helperKw in Kw("helper")
             from set in Kw("set")
             from name in QuotedString.Named("a quoted helper name, such as \"ftp\"")
             from zone in CtZoneSet.XOptional()
             select new ActionSyntax(
                 r => zone.IsDefined
                     ? (r.Int(zone.Get().Zone, "CT zone") is { } z ? new CtTarget(name.Text, z, zone.Get().Direction.Value) : null)
                     : new CtTarget(name.Text),
                 kw.At))
            .Or(CtZoneSet.Select(zone => new ActionSyntax(
                r => r.Int(zone.Zone, "CT zone") is { } z ? new CtTarget(null, z, zone.Direction.Value) : null, kw.At)))
            .Named("'helper set' or 'zone set'")
        select action;

    public static readonly Parser<ActionSyntax> Action =
        Fixed("accept", VerdictTarget.Accept).Or(Fixed("drop", VerdictTarget.Drop)).Or(Fixed("return", VerdictTarget.Return))
        .Or(Reject).Or(Jump).Or(Log).Or(Nat).Or(Masquerade).Or(Redirect).Or(SetMark).Or(Connmark).Or(Dscp)
        .Or(TcpMss)
        .Or(Fixed("notrack", NotrackTarget.Instance)).Or(Fixed("count", NoTarget.Instance)).Or(CtTemplate);

    // ---- statements -----------------------------------------------------------------------------------------------

    private static Parser<T> Line<T>(Parser<T> statement) =>
        from s in statement
        from end in Tokens.EndOfLine
        select s;

    private static readonly Parser<StatementSyntax> PolicyLine =
        from kw in Kw("policy")
        from name in NameTok.Named("a policy name")
        select (StatementSyntax)new PolicyLineSyntax(name, kw.At);

    private static readonly Parser<StatementSyntax> Include =
        from kw in Kw("include")
        from path in QuotedString
        select (StatementSyntax)new IncludeSyntax(path, kw.At);

    private static Parser<IReadOnlyList<Tok>> BracedList(Parser<Tok> element) =>
        from open in Sym("{")
        from first in element
        from rest in Sym(",").Then(_ => element).XMany()
        from close in Sym("}").Named("',' or '}'")
        select (IReadOnlyList<Tok>)new[] { first }.Concat(rest).ToArray();

    private static readonly Parser<StatementSyntax> Define =
        from kw in Kw("define")
        from name in Tokens.Token(Tokens.Identifier, "a definition name (a letter, then letters, digits or '_')")
        from eq in Sym("=")
        from value in
            AddressTok.Select(a => ((IReadOnlyList<Tok>?)new[] { a }, (IReadOnlyList<Tok>?)null))
            .Or(SpanTok.Select(p => ((IReadOnlyList<Tok>?)null, (IReadOnlyList<Tok>?)new[] { p })))
            .Or(BracedList(AddressTok).Select(a => ((IReadOnlyList<Tok>?)a, (IReadOnlyList<Tok>?)null)))
            .Or(BracedList(SpanTok).Select(p => ((IReadOnlyList<Tok>?)null, (IReadOnlyList<Tok>?)p)))
            .Named("an address, a port, or a { } list of addresses or of ports")
        select (StatementSyntax)new DefineSyntax(name, value.Item1, value.Item2, kw.At);

    private static readonly Parser<StatementSyntax> Allow =
        from kw in Kw("allow")
        from matches in Match.XMany()
        from end in Tokens.EndOfLine.Named("a match or end of line")
        select (StatementSyntax)new AllowSyntax(matches.ToArray(), kw.At);

    /// <summary>An assertion's target: 10.0.0.174:80, [2001:db8::1]:80, or an address alone (any port).</summary>
    private static readonly Parser<(Tok Address, Tok? Port)> AssertTarget =
        HostAndPort.Select(h => (h.Address, (Tok?)h.Port))
        .Or(AddressTok.Select(a => (a, (Tok?)null)))
        .Named("an address, optionally with :port, such as 10.0.0.174:80");

    private static readonly Parser<IReadOnlyList<(Tok Address, Tok? Port)>> AssertTargets =
        AssertTarget.Select(t => (IReadOnlyList<(Tok Address, Tok? Port)>)new[] { t })
        .Or(from open in Sym("{")
            from first in AssertTarget
            from rest in Sym(",").Then(_ => AssertTarget).XMany()
            from close in Sym("}").Named("',' or '}'")
            select (IReadOnlyList<(Tok Address, Tok? Port)>)new[] { first }.Concat(rest).ToArray());

    private static readonly Parser<(Model.Assertions.AssertionKind Kind, IReadOnlyList<(Tok Address, Tok? Port)> Targets, Tok? Port)> Expectation =
        Kw("dropped").Return((Model.Assertions.AssertionKind.Dropped, (IReadOnlyList<(Tok Address, Tok? Port)>)System.Array.Empty<(Tok, Tok?)>(), (Tok?)null))
        .Or(Kw("accepted").Return((Model.Assertions.AssertionKind.Accepted, (IReadOnlyList<(Tok Address, Tok? Port)>)System.Array.Empty<(Tok, Tok?)>(), (Tok?)null)))
        .Or(from reaches in Kw("reaches")
            from only in Kw("only").Named("'only'")
            from targets in AssertTargets
            select (Model.Assertions.AssertionKind.ReachesOnly, targets, (Tok?)null))
        .Or(from never in Kw("never")
            from reaches in Kw("reaches").Named("'reaches'")
            from port in Kw("port").Named("'port'")
            from number in PortTok
            select (Model.Assertions.AssertionKind.NeverReaches, (IReadOnlyList<(Tok Address, Tok? Port)>)System.Array.Empty<(Tok, Tok?)>(), (Tok?)number));

    /// <summary>assert "NAME" matches… expectation: a property the build proves (docs/analysis.md).</summary>
    private static readonly Parser<StatementSyntax> Assertion =
        from kw in Kw("assert")
        from name in QuotedString.Named("the assertion's name in quotes")
        from matches in Match.XMany()
        from expectation in Expectation.Named("a match, or what must happen: dropped, accepted, reaches only …, never reaches port …")
        select (StatementSyntax)new AssertSyntax(name, matches.ToArray(), expectation.Kind, expectation.Targets, expectation.Port, kw.At);

    private static readonly Parser<Located<Protocol>> TcpOrUdp =
        Tokens.OneOf("'tcp' or 'udp'", ("tcp", Protocol.Tcp), ("udp", Protocol.Udp));

    private static readonly Parser<Tok?> OptionalIif =
        Kw("iif").Then(_ => InterfaceTok).XOptional().Select(o => o.IsDefined ? o.Get() : null);

    private static readonly Parser<StatementSyntax> RedirectIntent =
        from kw in Kw("redirect")
        from protocol in TcpOrUdp
        from portKw in Kw("port")
        from fromPort in PortTok
        from to in Kw("to")
        from toPort in PortTok
        from iif in OptionalIif
        select (StatementSyntax)new RedirectSyntax(protocol.Value, fromPort, toPort, iif, kw.At);

    private static readonly Parser<StatementSyntax> ForwardIntent =
        from kw in Kw("forward")
        from protocol in TcpOrUdp
        from portKw in Kw("port")
        from port in PortTok
        from iif in OptionalIif
        from to in Kw("to").Named("'iif' or 'to'")
        from target in HostAndPort
        select (StatementSyntax)new ForwardSyntax(protocol.Value, port, iif, target, kw.At);

    private static readonly Parser<StatementSyntax> MasqueradeIntent =
        from kw in Kw("masquerade")
        from oif in Kw("oif").Then(_ => InterfaceTok).XOptional()
        from source in Kw("saddr").Then(_ => AddressValue).XOptional()
        select (StatementSyntax)new MasqueradeSyntax(oif.IsDefined ? oif.Get() : null, source.IsDefined ? source.Get() : null, kw.At);

    private static readonly Parser<Located<Model.Intents.TrafficPolicy>> TrafficPolicyName =
        Tokens.OneOf("'local' or 'cluster'", ("local", Model.Intents.TrafficPolicy.Local), ("cluster", Model.Intents.TrafficPolicy.Cluster));

    private static readonly Parser<ServiceOptionSyntax> ServiceOption =
        Kw("nodeport").Then(_ => PortTok).Select(p => new ServiceOptionSyntax(ServiceOptionKind.NodePort, p, null, null, p.At))
        .Or(from kw in Kw("health-check-nodeport") from p in PortTok select new ServiceOptionSyntax(ServiceOptionKind.HealthCheckNodePort, p, null, null, kw.At))
        .Or(from kw in Kw("external-ips") from list in BracedList(AddressTok) select new ServiceOptionSyntax(ServiceOptionKind.ExternalIps, null, list, null, kw.At))
        .Or(from kw in Kw("lb-ips") from list in BracedList(AddressTok) select new ServiceOptionSyntax(ServiceOptionKind.LoadBalancerIps, null, list, null, kw.At))
        .Or(from kw in Kw("lb-source-ranges") from list in BracedList(AddressTok) select new ServiceOptionSyntax(ServiceOptionKind.LoadBalancerSourceRanges, null, list, null, kw.At))
        .Or(from kw in Kw("external-policy") from policy in TrafficPolicyName select new ServiceOptionSyntax(ServiceOptionKind.ExternalPolicy, null, null, policy.Value, kw.At))
        .Or(from kw in Kw("internal-policy") from policy in TrafficPolicyName select new ServiceOptionSyntax(ServiceOptionKind.InternalPolicy, null, null, policy.Value, kw.At))
        .Or(from kw in Kw("affinity")
            from clientIp in Kw("client-ip")
            from timeout in Kw("timeout").Then(_ => NumberTok).XOptional()
            select new ServiceOptionSyntax(ServiceOptionKind.Affinity, timeout.IsDefined ? timeout.Get() : null, null, null, kw.At));

    /// <summary>endpoint = host-port, { condition }: local, not-ready, terminating, serving.</summary>
    private static readonly Parser<EndpointSyntax> ServiceEndpoint =
        from address in HostAndPort
        from conditions in Tokens.OneOf("an endpoint condition (local, not-ready, terminating or serving)",
            ("local", EndpointCondition.Local), ("not-ready", EndpointCondition.NotReady),
            ("terminating", EndpointCondition.Terminating), ("serving", EndpointCondition.Serving)).XMany()
        select new EndpointSyntax(address, conditions.Select(c => c.Value).ToArray());

    private static readonly Parser<StatementSyntax> ServiceIntent =
        from kw in Kw("service")
        from ns in NameTok.Named("a service name, namespace/name")
        from slash in Sym("/")
        from name in NameTok.Named("a service name after the namespace")
        from portName in Kw("port").Then(_ => NameTok.Named("a port name")).XOptional()
        from protocol in Tokens.OneOf("'tcp', 'udp' or 'sctp'", ("tcp", Protocol.Tcp), ("udp", Protocol.Udp), ("sctp", Protocol.Sctp))
        from cluster in HostAndPort
        from options in ServiceOption.XMany()
        from endpoints in
            (from endpointsKw in Kw("endpoints")
             from open in Sym("{")
             from first in ServiceEndpoint.XOptional()
             from rest in first.IsDefined ? Sym(",").Then(_ => ServiceEndpoint).XMany() : Parse.Return(Enumerable.Empty<EndpointSyntax>())
             from close in Sym("}").Named(first.IsDefined ? "an endpoint condition, ',' or '}'" : "an endpoint or '}'")
             select (first.IsDefined ? new[] { first.Get() } : new EndpointSyntax[0]).Concat(rest).ToArray())
            .XOptional()
            .Named("a service setting (nodeport, health-check-nodeport, external-ips, lb-ips, lb-source-ranges, external-policy, internal-policy, affinity) or 'endpoints'")
        select (StatementSyntax)new ServiceSyntax(
            ns, name, portName.IsDefined ? portName.Get() : null, protocol.Value, cluster,
            options.ToArray(), endpoints.IsDefined ? endpoints.Get() : new EndpointSyntax[0], kw.At);

    private static readonly Parser<StatementSyntax> Cluster =
        from kw in Kw("cluster")
        from setting in
            Kw("cidr").Then(_ => AddressTok).Select(a => (StatementSyntax)new ClusterCidrSyntax(a, kw.At))
            .Or(Kw("masquerade-bit").Then(_ => NumberTok).Select(n => (StatementSyntax)new ClusterMasqueradeBitSyntax(n, kw.At)))
            .Or(Kw("node-ip").Then(_ => AddressTok).Select(a => (StatementSyntax)new ClusterNodeIpSyntax(a, kw.At)))
            .Or(Kw("service-cidr").Then(_ => AddressTok).Select(a => (StatementSyntax)new ClusterServiceCidrSyntax(a, kw.At)))
            .Or(Kw("nodeport-address").Then(_ => AddressTok).Select(a => (StatementSyntax)new ClusterNodePortAddressSyntax(a, kw.At)))
            .Or(Kw("masquerade-all").Select(_ => (StatementSyntax)new ClusterSwitchSyntax(ClusterSwitch.MasqueradeAll, true, kw.At)))
            .Or(Kw("localhost-nodeports").Select(_ => (StatementSyntax)new ClusterSwitchSyntax(ClusterSwitch.LocalhostNodePorts, true, kw.At)))
            .Or(Kw("nfacct").Select(_ => (StatementSyntax)new ClusterSwitchSyntax(ClusterSwitch.NfacctCounters, true, kw.At)))
            .Or(from word in Kw("random-fully")
                from value in Tokens.OneOf("'on' or 'off'", ("on", true), ("off", false))
                select (StatementSyntax)new ClusterSwitchSyntax(ClusterSwitch.RandomFully, value.Value, kw.At))
            .Named("'cidr', 'masquerade-bit', 'node-ip', 'service-cidr', 'nodeport-address', 'masquerade-all', 'localhost-nodeports', 'nfacct' or 'random-fully'")
        select setting;

    /// <summary>first | last | before CHAIN | after CHAIN: where a jump into a built-in chain goes.</summary>
    private static readonly Parser<Model.JumpPlacement> Placement =
        Kw("first").Return(Model.JumpPlacement.First)
        .Or(Kw("last").Return(Model.JumpPlacement.Last))
        .Or(from kw in Kw("before") from chain in NameTok.Named("the chain whose jump it goes before") select Model.JumpPlacement.Before(chain.Text))
        .Or(from kw in Kw("after") from chain in NameTok.Named("the chain whose jump it goes after") select Model.JumpPlacement.After(chain.Text))
        .Named("a jump placement: first, last, before CHAIN or after CHAIN");

    /// <summary>owns tables | owns chains [jumps PLACEMENT] [prefix NAME].</summary>
    private static readonly Parser<StatementSyntax> Owns =
        from kw in Kw("owns")
        from owned in
            Kw("tables").Select(_ => (StatementSyntax)new OwnsSyntax(Model.Ownership.WholeTables, null, null, kw.At))
            .Or(from chains in Kw("chains")
                from jumps in Kw("jumps").Then(_ => Placement).XOptional()
                from prefix in Kw("prefix").Then(_ => NameTok.Named("a chain prefix")).XOptional()
                select (StatementSyntax)new OwnsSyntax(Model.Ownership.OwnChains, jumps.IsDefined ? jumps.Get() : null, prefix.IsDefined ? prefix.Get() : null, kw.At))
            .Named("'tables' or 'chains'")
        select owned;

    private static readonly Parser<Located<Model.Sets.SetType>> SetTypeName = Tokens.OneOf(
        "a set type (ipv4_addr, ipv6_addr, ipv4_net, ipv6_net or port)",
        ("ipv4_addr", Model.Sets.SetType.Ipv4Address), ("ipv6_addr", Model.Sets.SetType.Ipv6Address),
        ("ipv4_net", Model.Sets.SetType.Ipv4Network), ("ipv6_net", Model.Sets.SetType.Ipv6Network), ("port", Model.Sets.SetType.Port));

    /// <summary>set NAME TYPE [timeout SECONDS] [{ element, … }]: a named set the policy defines (docs/sets.md).</summary>
    private static readonly Parser<StatementSyntax> SetDeclaration =
        from kw in Kw("set")
        from name in NameTok.Named("a set name")
        from type in SetTypeName
        from timeout in Kw("timeout").Then(_ => NumberTok).XOptional()
        from elements in BracedList(AddressTok.Or(SpanTok).Named("a set element (an address, network, port or port range)")).XOptional()
        select (StatementSyntax)new SetDeclarationSyntax(name, type.Value, timeout.IsDefined ? timeout.Get() : null,
            elements.IsDefined ? elements.Get() : System.Array.Empty<Tok>(), External: false, kw.At);

    /// <summary>external set NAME TYPE: a set another tool makes and fills; the policy only tests it.</summary>
    private static readonly Parser<StatementSyntax> ExternalSet =
        from kw in Kw("external")
        from set in Kw("set")
        from name in NameTok.Named("a set name")
        from type in SetTypeName
        select (StatementSyntax)new SetDeclarationSyntax(name, type.Value, null, System.Array.Empty<Tok>(), External: true, kw.At);

    private static readonly Parser<StatementSyntax> External =
        from kw in Kw("external")
        from chains in NameTok.Select(c => (IReadOnlyList<Tok>)new[] { c }).Or(BracedList(NameTok)).Named("a chain name or a { } list of chain names")
        select (StatementSyntax)new ExternalSyntax(chains, kw.At);

    private static readonly Parser<TableKind> TableName = Tokens.OneOf(
        "a table name (raw, mangle, nat, filter or security)",
        ("raw", TableKind.Raw), ("mangle", TableKind.Mangle), ("nat", TableKind.Nat), ("filter", TableKind.Filter),
        ("security", TableKind.Security)).Select(t => t.Value);

    private static readonly Parser<StatementSyntax> Place =
        from kw in Kw("place")
        from table in TableName
        from chain in NameTok.Named("a built-in chain name")
        from placement in Placement
        select (StatementSyntax)new PlaceSyntax(table, chain, placement, kw.At);

    private static readonly Parser<StatementSyntax> TableHeader =
        from kw in Kw("table")
        from table in TableName
        from open in Sym("{")
        select (StatementSyntax)new TableHeaderSyntax(table, kw.At);

    private static readonly Parser<StatementSyntax> ChainHeader =
        from kw in Kw("chain")
        from name in NameTok.Named("a chain name")
        from policy in Kw("policy")
            .Then(_ => Tokens.OneOf("'accept' or 'drop'", ("accept", Verdict.Accept), ("drop", Verdict.Drop)))
            .XOptional()
        from open in Sym("{").Named(policy.IsDefined ? "'{'" : "'policy' or '{'")
        select (StatementSyntax)new ChainHeaderSyntax(name, policy.IsDefined ? policy.Get().Value : null, kw.At);

    private static readonly Parser<StatementSyntax> CloseBlock = Sym("}").Select(b => (StatementSyntax)new CloseBlockSyntax(b.At));

    private static readonly Parser<StatementSyntax> Rule =
        from matches in Match.XMany()
        from action in Action.Named("a match or an action")
        select (StatementSyntax)new RuleSyntax(matches.ToArray(), action, matches.FirstOrDefault()?.At ?? action.At);

    /// <summary>A statement at the top of a file (tables are opened by <see cref="TableLine"/>).</summary>
    public static readonly Parser<StatementSyntax> TopLine = Line(
        PolicyLine.Or(Include).Or(Define).Or(Allow).Or(RedirectIntent).Or(ForwardIntent).Or(MasqueradeIntent)
        .Or(ServiceIntent).Or(Cluster).Or(Assertion).Or(Owns).Or(SetDeclaration).Or(ExternalSet).Or(External).Or(Place)
        .Named("a statement (policy, include, define, table, allow, redirect, forward, masquerade, service, cluster, assert, owns, set, external or place)"));

    public static readonly Parser<StatementSyntax> TableLine = Line(TableHeader);

    /// <summary>A line inside a table block that is not its '}': a chain header.</summary>
    public static readonly Parser<StatementSyntax> TableBodyLine = Line(ChainHeader.Named("'chain' or '}'"));

    /// <summary>A line inside a chain block that is not its '}': a rule.</summary>
    public static readonly Parser<StatementSyntax> ChainBodyLine = Line(Rule);

    /// <summary>A line that starts with '}': the brace alone.</summary>
    public static readonly Parser<StatementSyntax> CloseLine = Line(CloseBlock);

    /// <summary>A chain header written at the top level, parsed only to report it and skip its block.</summary>
    public static readonly Parser<StatementSyntax> ChainLine = Line(ChainHeader);
}
