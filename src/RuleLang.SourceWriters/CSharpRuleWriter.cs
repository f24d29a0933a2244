using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.SourceWriters;

/// <summary>
/// One rule as a typed DSL statement. The DSL offers a method only where it compiles (a port after a port
/// protocol, -i where packets have an input interface, DNAT in nat PREROUTING or OUTPUT, …), so each call is
/// checked against those same rules first; a rule that would not compile is a problem, never wrong C#.
/// </summary>
internal sealed class CSharpRuleWriter
{
    private static readonly (ConntrackStates State, string Name)[] States =
    {
        (ConntrackStates.Invalid, "Invalid"), (ConntrackStates.New, "New"), (ConntrackStates.Related, "Related"),
        (ConntrackStates.Established, "Established"), (ConntrackStates.Untracked, "Untracked"),
        (ConntrackStates.Snat, "Snat"), (ConntrackStates.Dnat, "Dnat"),
    };

    private readonly TableKind _table;
    private readonly Hook? _hook;
    private readonly IReadOnlyDictionary<string, string> _chainVariables;
    // The protocol of the rule being written, for targets that exist only on one protocol's rules (TCPMSS).
    private Protocol _protocol;

    public CSharpRuleWriter(TableKind table, Hook? hook, IReadOnlyDictionary<string, string> chainVariables)
    {
        _table = table;
        _hook = hook;
        _chainVariables = chainVariables;
    }

    /// <summary>The variable each declared set's handle is held in (CSharpSetWriter), by set name.</summary>
    public IReadOnlyDictionary<string, string> SetVariables { get; init; } = new Dictionary<string, string>();

    public bool TryWrite(string chainExpression, Rule rule, out string statement, out string? problem)
    {
        statement = "";
        problem = null;
        var protocols = rule.Matches.OfType<ProtocolMatch>().ToArray();
        var protocol = protocols.Length == 1 ? protocols[0].Protocol : Protocol.All;
        if (protocols.Length > 1 || protocols.Any(p => p.Negated))
        {
            problem = protocols.Length > 1 ? "it matches the protocol twice" : "the DSL has no negated protocol match";
            return false;
        }
        bool ports = protocol is Protocol.Tcp or Protocol.Udp or Protocol.Sctp;
        _protocol = protocol;
        var text = new StringBuilder(chainExpression).Append('.').Append(protocol switch
        {
            Protocol.Tcp => "Tcp()",
            Protocol.Udp => "Udp()",
            Protocol.Sctp => "Sctp()",
            Protocol.Icmp => "Icmp()",
            Protocol.Icmpv6 => "Icmpv6()",
            _ => "Rule()",
        });
        foreach (var match in rule.Matches)
        {
            string? call = match switch
            {
                ProtocolMatch => "",
                AddressMatch a => $"{(a.Side == AddressSide.Source ? "Source" : "Destination")}({CSharpSyntax.String(a.Address)}{Not(a.Negated)})",
                InterfaceMatch i => Interface(i, ref problem),
                PortMatch p when !ports => Fail(ref problem, "a port match needs the rule to start with Tcp(), Udp() or Sctp()"),
                PortMatch p => Ports(p, ref problem),
                ConntrackMatch c => $"State({StateFlags(c.States)}{Not(c.Negated)})",
                MarkMatch m => $"Mark({CSharpSyntax.Hex(m.Value)}{(m.Mask == 0xffffffff && !m.Negated ? "" : ", " + CSharpSyntax.Hex(m.Mask))}{Not(m.Negated)})",
                AddressTypeMatch t => $"{(t.Side == AddressSide.Source ? "SourceAddressType" : "DestinationAddressType")}(AddressType.{t.Type}{Not(t.Negated)})",
                SetMatch set => SetTest(set, ref problem),
                AddressRangeMatch r => $"{(r.Side == AddressSide.Source ? "SourceRange" : "DestinationRange")}({CSharpSyntax.String(r.From)}, {CSharpSyntax.String(r.To)}{Not(r.Negated)})",
                RandomMatch r => $"Random({CSharpSyntax.Double(r.Probability)})",
                NthMatch n => $"Nth({CSharpSyntax.Int(n.Every)}, {CSharpSyntax.Int(n.Packet)})",
                LimitMatch l => $"Limit({CSharpSyntax.Int(l.Rate)}, RateUnit.{l.Unit}{(l.Burst == LimitMatch.DefaultBurst ? "" : ", burst: " + CSharpSyntax.Int(l.Burst))})",
                IcmpTypeMatch t when t.IcmpFamily == IpFamily.IPv4 && protocol == Protocol.Icmp => $"IcmpType({CSharpSyntax.Int(t.Type)}{Code(t.Code)})",
                IcmpTypeMatch t when t.IcmpFamily == IpFamily.IPv6 && protocol == Protocol.Icmpv6 => $"Icmpv6Type({CSharpSyntax.Int(t.Type)}{Code(t.Code)})",
                IcmpTypeMatch => Fail(ref problem, "an ICMP type match needs the rule to start with Icmp() or Icmpv6() of its family"),
                CommentMatch c => $"Comment({CSharpSyntax.String(c.Text)})",
                RecentMatch r => $"Recent({CSharpSyntax.String(r.Name)}, RecentCommand.{r.Command}"
                    + (r.Seconds is { } seconds ? ", seconds: " + CSharpSyntax.Int(seconds) : "") + (r.Reap ? ", reap: true" : "")
                    + (r.HitCount is { } hitCount ? ", hitCount: " + CSharpSyntax.Int(hitCount) : "") + (r.Ttl ? ", ttl: true" : "")
                    + (r.Side == AddressSide.Destination ? ", side: AddressSide.Destination" : "") + ")",
                ConnectionLimitMatch c => $"ConnectionLimit({CSharpSyntax.Int(c.Count)}" + (c.Above ? "" : ", above: false")
                    + (c.Prefix is { } prefix ? ", prefix: " + CSharpSyntax.Int(prefix) : "") + (c.Side == AddressSide.Destination ? ", side: AddressSide.Destination" : "") + ")",
                HashLimitMatch h => $"HashLimit({CSharpSyntax.String(h.Name)}, {CSharpSyntax.Int(h.Rate)}, RateUnit.{h.Unit}"
                    + (h.Above ? ", above: true" : "") + (h.Burst == HashLimitMatch.DefaultBurst ? "" : ", burst: " + CSharpSyntax.Int(h.Burst))
                    + (h.Keys == HashLimitKeys.None ? "" : ", keys: " + CSharpHashLimitKeys(h.Keys))
                    + (h.SourcePrefix is { } source ? ", sourcePrefix: " + CSharpSyntax.Int(source) : "")
                    + (h.DestinationPrefix is { } destination ? ", destinationPrefix: " + CSharpSyntax.Int(destination) : "")
                    + (h.ExpireMilliseconds is { } expire ? ", expireMilliseconds: " + CSharpSyntax.Int(expire) : "") + ")",
                ConntrackProtocolMatch cp => $"ConnectionProtocol(Protocol.{cp.Protocol}{Not(cp.Negated)})",
                ConntrackAddressMatch ca => $"{TupleName(ca.Tuple, ca.Side)}({CSharpSyntax.String(ca.Address)}{Not(ca.Negated)})",
                ConntrackStatusMatch cs => $"ConnectionStatus({StatusFlags(cs.Status)}{Not(cs.Negated)})",
                ConntrackDirectionMatch cd => cd.Direction == ConntrackTuple.Original ? "OriginalDirection()" : "ReplyDirection()",
                ConntrackExpireMatch ce => $"ConnectionExpires({ce.Min.ToString(System.Globalization.CultureInfo.InvariantCulture)}{(ce.Min == ce.Max ? "" : ", " + ce.Max.ToString(System.Globalization.CultureInfo.InvariantCulture))}{Not(ce.Negated)})",
                ConntrackPortMatch ct => $"{TupleName(ct.Tuple, ct.Side)}Port({CSharpSyntax.Int(ct.Ports.Low)}"
                    + (ct.Ports.IsSingle ? "" : ", " + CSharpSyntax.Int(ct.Ports.High)) + $"{Not(ct.Negated)})",
                TcpFlagsMatch f when protocol != Protocol.Tcp => Fail(ref problem, "a TCP flags match needs the rule to start with Tcp()"),
                TcpFlagsMatch { Mask: TcpFlagsMatch.SynMask, Comparison: TcpFlags.Syn } f => f.Negated ? "Syn(not: true)" : "Syn()",
                TcpFlagsMatch f => $"Flags({CSharpTcpFlags(f.Mask)}, {CSharpTcpFlags(f.Comparison)}{Not(f.Negated)})",
                PacketTypeMatch t => $"PacketType(PacketType.{t.Type}{Not(t.Negated)})",
                OwnerMatch o => Owner(o),
                PhysdevMatch d => Physdev(d),
                _ => Fail(ref problem, $"the DSL has no {match.GetType().Name}"),
            };
            if (problem is not null)
            {
                return false;
            }
            if (call!.Length > 0)
            {
                text.Append('.').Append(call);
            }
        }
        string? target = Target(rule.Target, ports, ref problem);
        if (problem is not null || target is null)
        {
            problem ??= "the DSL has no call for its target";
            return false;
        }
        statement = text.Append('.').Append(target).Append(';').ToString();
        return true;
    }

    private static string Not(bool negated) => negated ? ", not: true" : "";

    /// <summary>The DSL's name of a conntrack tuple field: OriginalSource … ReplyDestination.</summary>
    private static string StatusFlags(ConntrackStatus status) =>
        string.Join(" | ", ConntrackStatusNames.Of(status).Select(b => "ConntrackStatus." + b.Bit).DefaultIfEmpty("ConntrackStatus.None"));

    private static string TupleName(ConntrackTuple tuple, AddressSide side) =>
        (tuple == ConntrackTuple.Original ? "Original" : "Reply") + (side == AddressSide.Source ? "Source" : "Destination");

    private static string CSharpTcpFlags(TcpFlags flags) =>
        flags == TcpFlags.None ? "TcpFlags.None" : string.Join(" | ", TcpFlagsMatch.Each(flags).Select(f => "TcpFlags." + f));

    private static string CSharpHashLimitKeys(HashLimitKeys keys) =>
        string.Join(" | ", HashLimitKeyNames.All.Where(k => (keys & k.Key) != 0).Select(k => "HashLimitKeys." + k.Key));

    private static string Code(int? code) => code is { } c ? ", " + CSharpSyntax.Int(c) : "";

    private static string StateFlags(ConntrackStates states) =>
        string.Join(" | ", States.Where(s => (states & s.State) != 0).Select(s => "ConntrackStates." + s.Name).DefaultIfEmpty("ConntrackStates.None"));

    private string? Interface(InterfaceMatch i, ref string? problem)
    {
        bool allowed = _hook is not { } hook || (i.Side == InterfaceSide.In ? NetfilterFacts.AllowsInInterface(hook) : NetfilterFacts.AllowsOutInterface(hook));
        if (!allowed)
        {
            return Fail(ref problem, $"{(i.Side == InterfaceSide.In ? "InInterface" : "OutInterface")} does not exist on {NetfilterFacts.ChainName(_hook!.Value)}");
        }
        return $"{(i.Side == InterfaceSide.In ? "InInterface" : "OutInterface")}({CSharpSyntax.String(i.Name)}{Not(i.Negated)})";
    }

    private static string? Ports(PortMatch p, ref string? problem)
    {
        string side = p.Side == AddressSide.Source ? "Source" : "Destination";
        if (!p.IsMultiport)
        {
            var span = p.Ports[0];
            return span.IsSingle
                ? $"{side}Port({CSharpSyntax.Int(span.Low)}{Not(p.Negated)})"
                : $"{side}PortRange({CSharpSyntax.Int(span.Low)}, {CSharpSyntax.Int(span.High)}{Not(p.Negated)})";
        }
        if (p.Negated)
        {
            return Fail(ref problem, "the DSL has no negated port list");
        }
        return p.Ports.All(s => s.IsSingle)
            ? $"{side}Ports({string.Join(", ", p.Ports.Select(s => CSharpSyntax.Int(s.Low)))})"
            : $"{side}Ports({string.Join(", ", p.Ports.Select(s => $"new PortSpan({CSharpSyntax.Int(s.Low)}, {CSharpSyntax.Int(s.High)})"))})";
    }

    private string? Target(Target target, bool ports, ref string? problem)
    {
        switch (target)
        {
            case VerdictTarget v:
                return v.Verdict switch { VerdictKind.Accept => "Accept()", VerdictKind.Drop => "Drop()", _ => "Return()" };
            case NoTarget:
                return "Count()";
            case JumpTarget j:
                return _chainVariables.TryGetValue(j.Chain, out string? variable)
                    ? $"{(j.IsGoto ? "Goto" : "Jump")}({variable})"
                    : Fail(ref problem, $"it jumps to {j.Chain}, which is not a user chain of table {NetfilterFacts.TableName(_table)}");
            case LogTarget l:
                var arguments = new List<string>();
                if (l.Prefix is not null)
                {
                    arguments.Add(CSharpSyntax.String(l.Prefix));
                }
                if (l.Level != LogTarget.DefaultLevel)
                {
                    arguments.Add("level: " + CSharpSyntax.Int(l.Level));
                }
                if (l.Flags != LogFlags.None)
                {
                    arguments.Add("flags: " + string.Join(" | ", LogTarget.FlagOptions.Where(f => (l.Flags & f.Flag) != 0).Select(f => "LogFlags." + f.Flag)));
                }
                return $"Log({string.Join(", ", arguments)})";
            case MarkTarget m:
                return $"SetMark({CSharpSyntax.Hex(m.Value)}{(m.Mask == 0xffffffff ? "" : ", " + CSharpSyntax.Hex(m.Mask))})";
            case ConnmarkTarget c:
                return c.Mode == ConnmarkMode.Set
                    ? $"Connmark(ConnmarkMode.Set, {CSharpSyntax.Hex(c.Value)}{(c.Mask == 0xffffffff ? "" : ", " + CSharpSyntax.Hex(c.Mask))})"
                    : $"Connmark(ConnmarkMode.{c.Mode})";
            case RejectTarget r:
                return Only(TableKind.Filter, "Reject", ref problem) is null ? null
                    : r.With == RejectWith.PortUnreachable ? "Reject()" : $"Reject(RejectWith.{r.With})";
            case DscpTarget d:
                return Only(TableKind.Mangle, "Dscp", ref problem) is null ? null : $"Dscp({CSharpSyntax.Int(d.Value)})";
            case NotrackTarget:
                return Only(TableKind.Raw, "Notrack", ref problem) is null ? null : "Notrack()";
            case CtTarget ct:
                return Only(TableKind.Raw, ct.Helper is null ? "Zone" : ct.Zone is null ? "Helper" : "Ct", ref problem) is null ? null : CtCall(ct);
            case DnatTarget d:
                return Nat("Dnat", d.Address, d.Ports, Hook.Prerouting, Hook.Output, ports, ref problem);
            case SnatTarget s:
                return Nat("Snat", s.Address, s.Ports, Hook.Input, Hook.Postrouting, ports, ref problem);
            case RedirectTarget r:
                if (Only(TableKind.Nat, "Redirect", ref problem) is null || !At("Redirect", ref problem, Hook.Prerouting, Hook.Output) || !NeedsPorts("Redirect", ports, ref problem))
                {
                    return null;
                }
                return $"Redirect({PortArgument(r.Ports)})";
            case MasqueradeTarget m:
                if (Only(TableKind.Nat, "Masquerade", ref problem) is null || !At("Masquerade", ref problem, Hook.Postrouting))
                {
                    return null;
                }
                string random = m.RandomFully ? "randomFully: true" : "";
                if (m.Ports is { } span)
                {
                    return NeedsPorts("Masquerade to ports", ports, ref problem)
                        ? $"Masquerade(new PortSpan({CSharpSyntax.Int(span.Low)}, {CSharpSyntax.Int(span.High)}){(random.Length > 0 ? ", " + random : "")})"
                        : null;
                }
                return $"Masquerade({random})";
            case TcpMssTarget mss:
                return TcpMss(mss, ref problem);
            default:
                return Fail(ref problem, $"the DSL has no call for target {target.Name}");
        }
    }

    private string? Nat(string call, string address, PortSpan? span, Hook first, Hook second, bool ports, ref string? problem)
    {
        if (Only(TableKind.Nat, call, ref problem) is null || !At(call, ref problem, first, second))
        {
            return null;
        }
        if (span is not { } p)
        {
            return $"{call}({CSharpSyntax.String(address)})";
        }
        return NeedsPorts(call + " to a port", ports, ref problem) ? $"{call}({CSharpSyntax.String(address)}, {PortArgument(p)})" : null;
    }

    private string? TcpMss(TcpMssTarget mss, ref string? problem)
    {
        if (_protocol != Protocol.Tcp)
        {
            return Fail(ref problem, "TCPMSS needs the rule to start with Tcp()");
        }
        if (mss.Mss is { } value)
        {
            return $"SetMss({CSharpSyntax.Int(value)})";
        }
        return At("ClampMssToPmtu", ref problem, Hook.Forward, Hook.Output, Hook.Postrouting) ? "ClampMssToPmtu()" : null;
    }

    private static string PortArgument(PortSpan span) =>
        span.IsSingle ? CSharpSyntax.Int(span.Low) : $"new PortSpan({CSharpSyntax.Int(span.Low)}, {CSharpSyntax.Int(span.High)})";

    /// <summary>Helper("ftp"), Zone(5[, ConntrackZoneDirection.Original]) or Ct("ftp", 5[, …]): RawTargets' calls.</summary>
    private static string CtCall(CtTarget ct)
    {
        string direction = ct.ZoneDirection == ConntrackZoneDirection.Both ? "" : ", ConntrackZoneDirection." + ct.ZoneDirection;
        return (ct.Helper, ct.Zone) switch
        {
            ({ } helper, null) => $"Helper({CSharpSyntax.String(helper)})",
            (null, { } zone) => $"Zone({CSharpSyntax.Int(zone)}{direction})",
            ({ } helper, { } zone) => $"Ct({CSharpSyntax.String(helper)}, {CSharpSyntax.Int(zone)}{direction})",
            _ => "Zone(0)",
        };
    }

    private string? Only(TableKind table, string call, ref string? problem) =>
        _table == table ? call : Fail(ref problem, $"{call}() exists only in the {NetfilterFacts.TableName(table)} table's chains, and this is {NetfilterFacts.TableName(_table)}");

    private bool At(string call, ref string? problem, params Hook[] hooks)
    {
        if (_hook is not { } hook || hooks.Contains(hook))
        {
            return true;
        }
        Fail(ref problem, $"{call}() does not exist on {NetfilterFacts.ChainName(hook)}");
        return false;
    }

    private static bool NeedsPorts(string call, bool ports, ref string? problem)
    {
        if (ports)
        {
            return true;
        }
        Fail(ref problem, $"{call} needs the rule to start with Tcp(), Udp() or Sctp()");
        return false;
    }

    /// <summary>Owner(uid: …, gid: …, socketExists: …) with only the tests the match has.</summary>
    private static string Owner(OwnerMatch o)
    {
        var arguments = new List<string>();
        if (o.Uid is { } uid)
        {
            arguments.Add("uid: " + OwnerIdsCall(uid));
        }
        if (o.Gid is { } gid)
        {
            arguments.Add("gid: " + OwnerIdsCall(gid));
        }
        if (o.SocketExists is { } exists)
        {
            arguments.Add("socketExists: " + (exists ? "true" : "false"));
        }
        return "Owner(" + string.Join(", ", arguments) + ")";
    }

    private static string OwnerIdsCall(OwnerIds ids)
    {
        string low = ids.Low.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string high = ids.High.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (ids.Low == ids.High, ids.Negated) switch
        {
            (true, false) => "OwnerIds.Is(" + low + ")",
            (true, true) => "OwnerIds.Not(" + low + ")",
            (false, false) => "OwnerIds.Between(" + low + ", " + high + ")",
            (false, true) => "OwnerIds.Between(" + low + ", " + high + ").Inverted()",
        };
    }

    /// <summary>Physdev(…) for the input-side tests, PhysdevOut(…) when an output-port test needs a hook other than OUTPUT.</summary>
    private static string Physdev(PhysdevMatch d)
    {
        var arguments = new List<string>();
        bool output = d.Out is not null || d.IsOut is not null;
        if (output)
        {
            Port(arguments, "outPort", d.Out);
            Flag(arguments, "isOut", d.IsOut);
        }
        Port(arguments, "inPort", d.In);
        Flag(arguments, "isIn", d.IsIn);
        Flag(arguments, "isBridged", d.IsBridged);
        return (output ? "PhysdevOut(" : "Physdev(") + string.Join(", ", arguments) + ")";

        static void Port(List<string> arguments, string name, BridgePort? port)
        {
            if (port is { } p)
            {
                arguments.Add(name + ": " + (p.Negated ? "BridgePort.Not(" + CSharpSyntax.String(p.Name) + ")" : CSharpSyntax.String(p.Name)));
            }
        }

        static void Flag(List<string> arguments, string name, bool? value)
        {
            if (value is { } v)
            {
                arguments.Add(name + ": " + (v ? "true" : "false"));
            }
        }
    }

    private static string? Fail(ref string? problem, string why)
    {
        problem ??= why;
        return null;
    }

    /// <summary>SourceIn / DestinationIn take a declared set of one value per element.</summary>
    private string? SetTest(SetMatch set, ref string? problem) =>
        !SetVariables.TryGetValue(set.Name, out string? variable) ? Fail(ref problem, $"set '{set.Name}' is not declared")
        : set.Directions.Count != 1 ? Fail(ref problem, $"the DSL tests a set one direction at a time, not {set.DirectionText}")
        : $"{(set.Side == AddressSide.Source ? "SourceIn" : "DestinationIn")}({variable}{Not(set.Negated)})";
}
