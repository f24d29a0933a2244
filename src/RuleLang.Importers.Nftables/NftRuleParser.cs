using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RuleLang.Backends.Nftables;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;
using RuleLang.Model.Values;

namespace RuleLang.Importers.Nftables;

/// <summary>
/// Reads one nft rule, as `nft list ruleset` prints it, into a model rule: the inverse of the nft back end's
/// <see cref="NftStatements"/>. Values are read back through the back end's own printer (an ICMP type name is the
/// number the printer gives that name), so import and emit cannot drift apart. The first statement the model
/// cannot hold refuses the whole rule with RL0220 at its column: a rule is never imported with a condition left
/// out, since it would then match more than the original. `counter` (with its packets and bytes) is runtime state
/// and is left out.
/// </summary>
internal sealed class NftRuleParser
{
    private static readonly string[] ConntrackStateWords = { "invalid", "established", "related", "new", "untracked" };

    private readonly string _tableFamily;
    private readonly Func<string, string?> _chainName;
    private IReadOnlyList<NftToken> _tokens = Array.Empty<NftToken>();
    private int _at;
    private NftLine _line = null!;
    private List<Match> _matches = new();
    private List<string> _comments = new();
    private Target? _target;
    private IpFamily? _stated;
    private bool _sawStateful;

    /// <param name="tableFamily">ip, ip6 or inet.</param>
    /// <param name="chainName">The model name of a chain a jump or goto names, or null when that chain is not imported.</param>
    public NftRuleParser(string tableFamily, Func<string, string?> chainName)
    {
        _tableFamily = tableFamily;
        _chainName = chainName;
    }

    public NftParsedRule Parse(NftLine line)
    {
        _line = line;
        _tokens = line.Tokens;
        _at = 0;
        _matches = new List<Match>();
        _comments = new List<string>();
        _target = null;
        _stated = null;
        _sawStateful = false;
        try
        {
            while (_at < _tokens.Count)
            {
                Statement();
            }
        }
        catch (RefusedException refused)
        {
            return new NftParsedRule(null, null, new[] { refused.Diagnostic });
        }
        if (_comments.Count > 0)
        {
            _matches.Add(new CommentMatch(string.Join("; ", _comments)));
        }
        var rule = new Rule(_matches.ToArray(), _target ?? NoTarget.Instance, line.Location);
        return new NftParsedRule(rule, _stated, Array.Empty<PolicyDiagnostic>());
    }

    private void Statement()
    {
        var word = Next();
        switch (word.Quoted ? "" : word.Text)
        {
            case "counter":
                // Runtime state, not policy: `counter packets N bytes M` loads as a counter from zero either way.
                if (Peek("packets"))
                {
                    Next();
                    Number(Next());
                    Expect("bytes");
                    Number(Next());
                }
                return;
            case "comment":
                var text = Next();
                if (!text.Quoted)
                {
                    Refuse(text, $"comment {text.Text}", "a comment is a quoted string");
                }
                _comments.Add(text.Text);
                return;
            case "ip":
            case "ip6":
                IpStatement(word);
                return;
            case "iifname":
            case "oifname":
                Interface(word);
                return;
            case "meta":
                Meta(word);
                return;
            case "tcp":
            case "udp":
            case "sctp":
                TransportStatement(word);
                return;
            case "icmp":
            case "icmpv6":
                Icmp(word);
                return;
            case "ct":
                Conntrack(word);
                return;
            case "fib":
                Fib(word);
                return;
            case "numgen":
                Numgen(word);
                return;
            case "limit":
                Limit(word);
                return;
            case "accept":
            case "drop":
            case "return":
                SetTarget(word, word.Text == "accept" ? VerdictTarget.Accept : word.Text == "drop" ? VerdictTarget.Drop : VerdictTarget.Return);
                return;
            case "continue":
                // nft's `continue` ends nothing: the packet goes on to the next rule, as a rule without -j does.
                SetTarget(word, NoTarget.Instance);
                return;
            case "jump":
            case "goto":
                var chain = Next();
                string? name = NftRulesetReader.IsName(chain) ? _chainName(chain.Text) : null;
                if (name is null)
                {
                    Refuse(chain, $"{word.Text} {chain.Text}", "that chain is not imported (it is in no table RuleLang could place, or is not a chain of this table)");
                }
                SetTarget(word, new JumpTarget(name!, word.Text == "goto"));
                return;
            case "reject":
                Reject(word);
                return;
            case "log":
                Log(word);
                return;
            case "dnat":
            case "snat":
                Nat(word);
                return;
            case "masquerade":
                Masquerade(word);
                return;
            case "redirect":
                Redirect(word);
                return;
            case "notrack":
                SetTarget(word, NotrackTarget.Instance);
                return;
            default:
                Refuse(word, $"'{word.Text}'", word.Text.StartsWith('@') ? "the nft import does not read named sets yet (a policy can declare one: docs/sets.md)" : "the model has no form for this statement");
                return;
        }
    }

    private void IpStatement(NftToken family)
    {
        var ipFamily = family.Text == "ip" ? IpFamily.IPv4 : IpFamily.IPv6;
        var field = Next();
        switch (field.Text)
        {
            case "saddr":
            case "daddr":
                var side = field.Text == "saddr" ? AddressSide.Source : AddressSide.Destination;
                bool negated = Operator();
                var value = Single(field);
                int dash = value.Text.IndexOf('-');
                Match match = dash > 0
                    ? new AddressRangeMatch(side, value.Text.Substring(0, dash), value.Text.Substring(dash + 1), negated)
                    : new AddressMatch(side, value.Text, negated);
                if (match.Family is { } parsed && parsed != ipFamily)
                {
                    Refuse(value, $"{family.Text} {field.Text} {value.Text}", $"an {(ipFamily == IpFamily.IPv4 ? "IPv4" : "IPv6")} field holds an address of that family");
                }
                AddPinned(value, match);
                return;
            case "protocol" when ipFamily == IpFamily.IPv4:
                bool not = Operator();
                var protocol = ProtocolWord(Single(field));
                if (protocol != Protocol.Icmp)
                {
                    // The back end writes `ip protocol` for ICMP only; another protocol would lose its IPv4 limit.
                    Refuse(field, $"ip protocol {NftValues.Protocol(protocol)}", "write meta l4proto for a protocol of both families; only ip protocol icmp has a model form");
                }
                AddPinned(field, new ProtocolMatch(protocol, not));
                return;
            case "dscp":
                Expect("set");
                var dscp = Next();
                int? code = Inverse(dscp.Text, 0, DscpTarget.MaxValue, NftValues.Dscp);
                if (code is null)
                {
                    Refuse(dscp, $"dscp {dscp.Text}", "a DSCP class is a name nft prints (cs0 … ef) or a number 0-63");
                }
                State(ipFamily, field);
                SetTarget(field, new DscpTarget(code!.Value));
                return;
            default:
                Refuse(field, $"{family.Text} {field.Text}", "the model tests an IP header's addresses and, for ICMP, its protocol");
                return;
        }
    }

    private void Interface(NftToken word)
    {
        bool negated = Operator();
        var name = Single(word);
        string text = name.Text;
        if (text.Length == 0 || text.IndexOf('\\') >= 0 || text.IndexOf('*') is >= 0 and var star && star != text.Length - 1)
        {
            Refuse(name, $"{word.Text} \"{text}\"", "the model's interface names end in at most one wildcard");
        }
        // nft's trailing '*' is iptables' '+'.
        string iptablesName = text.EndsWith('*') ? text.Substring(0, text.Length - 1) + "+" : text;
        AddPinned(name, new InterfaceMatch(word.Text == "iifname" ? InterfaceSide.In : InterfaceSide.Out, iptablesName, negated));
    }

    private void Meta(NftToken meta)
    {
        var key = Next();
        switch (key.Text)
        {
            case "iifname":
            case "oifname":
                Interface(key);
                return;
            case "l4proto":
                bool negated = Operator();
                var protocol = ProtocolWord(Single(key));
                AddProtocol(key, protocol, negated);
                return;
            case "skuid":
            case "skgid":
                OwnerTest(key);
                return;
            case "nfproto":
                var family = Next();
                if (!family.Is("ipv4") && !family.Is("ipv6"))
                {
                    Refuse(family, $"meta nfproto {family.Text}", "the model limits a rule to ipv4 or ipv6 only through what it tests");
                }
                State(family.Is("ipv4") ? IpFamily.IPv4 : IpFamily.IPv6, family);
                return;
            case "mark":
                if (Peek("set"))
                {
                    Next();
                    if (Peek("ct"))
                    {
                        Next();
                        Expect("mark");
                        SetTarget(key, new ConnmarkTarget(ConnmarkMode.Restore));
                        return;
                    }
                    var (value, mask) = XMark("meta");
                    SetTarget(key, new MarkTarget(value, mask));
                    return;
                }
                MarkTest(key);
                return;
            case "pkttype":
                bool not = Operator();
                var type = Single(key);
                PacketType? kind = type.Text switch
                {
                    "host" => PacketType.Unicast,
                    "broadcast" => PacketType.Broadcast,
                    "multicast" => PacketType.Multicast,
                    _ => null,
                };
                if (kind is null)
                {
                    Refuse(type, $"meta pkttype {type.Text}", "the model's packet types are host, broadcast and multicast");
                }
                Add(new PacketTypeMatch(kind!.Value, not));
                return;
            default:
                Refuse(key, $"meta {key.Text}", "the model has no such meta test");
                return;
        }
    }

    /// <summary>`meta mark 0x…`, `meta mark != 0x…`, `meta mark & MASK == VALUE` (or !=).</summary>
    private void MarkTest(NftToken key)
    {
        uint mask = 0xffffffff;
        if (Peek("&"))
        {
            Next();
            mask = Number(Next());
            var op = Next();
            if (!op.Is("==") && !op.Is("!="))
            {
                Refuse(op, $"meta mark & … {op.Text}", "a masked mark is compared with == or !=");
            }
            Add(new MarkMatch(Number(Next()), mask, op.Is("!=")));
            return;
        }
        bool negated = Operator();
        Add(new MarkMatch(Number(Single(key)), mask, negated));
    }

    /// <summary>
    /// The inverse of <see cref="NftStatements.XMark"/>: `KEY mark & a ^ b | c` in any order nft keeps, folded into
    /// x ↦ (x AND a) XOR b, which is --set-xmark b/~a.
    /// </summary>
    private (uint Value, uint Mask) XMark(string key)
    {
        if (!Peek(key))
        {
            return (Number(Next()), 0xffffffff);
        }
        Next();
        Expect("mark");
        uint a = 0xffffffff, b = 0;
        while (Peek("&") || Peek("^") || Peek("|"))
        {
            var op = Next();
            uint operand = Number(Next());
            switch (op.Text)
            {
                case "&":
                    a &= operand;
                    b &= operand;
                    break;
                case "^":
                    b ^= operand;
                    break;
                default:
                    a &= ~operand;
                    b |= operand;
                    break;
            }
        }
        return (b, ~a);
    }

    /// <summary>`meta skuid N[-M]` / `meta skgid N[-M]`: one -m owner match, as the back end writes it.</summary>
    private void OwnerTest(NftToken key)
    {
        var value = Next();
        string[] ends = value.Text.Split('-');
        if (ends.Length > 2 || !ends.All(e => uint.TryParse(e, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            Refuse(value, $"meta {key.Text} {value.Text}", "an owner test is a number or a range N-M");
            return;
        }
        uint low = uint.Parse(ends[0], System.Globalization.CultureInfo.InvariantCulture);
        uint high = uint.Parse(ends[^1], System.Globalization.CultureInfo.InvariantCulture);
        var ids = new OwnerIds(low, high);
        int at = _matches.FindIndex(m => m is OwnerMatch);
        if (at >= 0)
        {
            var owner = (OwnerMatch)_matches[at];
            _matches[at] = key.Is("skuid") ? owner with { Uid = ids } : owner with { Gid = ids };
            return;
        }
        _matches.Add(key.Is("skuid") ? new OwnerMatch(Uid: ids) : new OwnerMatch(Gid: ids));
    }

    private void TransportStatement(NftToken word)
    {
        var protocol = word.Text switch { "tcp" => Protocol.Tcp, "udp" => Protocol.Udp, _ => Protocol.Sctp };
        var field = Next();
        if (field.Is("option") && protocol == Protocol.Tcp)
        {
            // TcpMssTarget: `tcp option maxseg size set rt mtu | N`, the only tcp option statement the back end writes.
            Expect("maxseg");
            Expect("size");
            Expect("set");
            if (Peek("rt"))
            {
                Next();
                Expect("mtu");
                SetTarget(word, new TcpMssTarget());
            }
            else
            {
                SetTarget(word, new TcpMssTarget((int)Number(Next())));
            }
            return;
        }
        if (field.Is("flags") && protocol == Protocol.Tcp)
        {
            AddProtocol(word, protocol, false);
            TcpFlagsTest(field);
            return;
        }
        if (!field.Is("sport") && !field.Is("dport"))
        {
            Refuse(field, $"{word.Text} {field.Text}", "the model tests a transport header's ports and, for TCP, its flags");
        }
        AddProtocol(word, protocol, false);
        bool negated = Operator();
        var ports = new List<PortSpan>();
        foreach (var element in Elements(field))
        {
            ports.Add(Port(element));
        }
        Add(new PortMatch(field.Is("sport") ? AddressSide.Source : AddressSide.Destination, ports, negated));
    }

    /// <summary>The inverse of the back end's flags test: `tcp flags [!=] COMP / MASK`, `tcp flags ! MASK`, `tcp flags MASK`.</summary>
    private void TcpFlagsTest(NftToken field)
    {
        if (Peek("!"))
        {
            Next();
            Add(new TcpFlagsMatch(Flags(), TcpFlags.None));
            return;
        }
        bool negated = Operator();
        var first = Flags();
        if (!Peek("/"))
        {
            if (negated)
            {
                Refuse(field, "tcp flags != FLAGS", "write the mask: tcp flags != COMP / MASK");
            }
            // Any of them set: the negation of none of them set.
            Add(new TcpFlagsMatch(first, TcpFlags.None, true));
            return;
        }
        Next();
        var mask = Flags();
        Add(new TcpFlagsMatch(mask, first, negated));
    }

    /// <summary>Flag names separated by ',' (the tokenizer's own words), as fin,syn,rst,ack.</summary>
    private TcpFlags Flags()
    {
        var flags = Flag(Next());
        while (Peek(","))
        {
            Next();
            flags |= Flag(Next());
        }
        return flags;
    }

    private TcpFlags Flag(NftToken token)
    {
        var flag = TcpFlagsMatch.Each(TcpFlags.All).FirstOrDefault(f => !token.Quoted && f.ToString().ToLowerInvariant() == token.Text);
        return flag != TcpFlags.None ? flag : Refuse<TcpFlags>(token, $"tcp flag '{token.Text}'", "the model's flags are fin, syn, rst, psh, ack and urg");
    }

    private void Icmp(NftToken word)
    {
        var family = word.Text == "icmp" ? IpFamily.IPv4 : IpFamily.IPv6;
        Expect("type");
        var type = Single(word);
        int? number = Inverse(type.Text, 0, 255, n => NftValues.IcmpType(family, n));
        if (number is null)
        {
            Refuse(type, $"{word.Text} type {type.Text}", "not a type nft names");
        }
        int? code = null;
        if (Peek(word.Text) && _at + 1 < _tokens.Count && _tokens[_at + 1].Is("code"))
        {
            _at += 2;
            var codeToken = Single(word);
            code = Inverse(codeToken.Text, 0, 255, n => NftValues.IcmpCode(family, n));
            if (code is null)
            {
                Refuse(codeToken, $"{word.Text} code {codeToken.Text}", "not a code nft names");
            }
        }
        AddProtocol(word, family == IpFamily.IPv4 ? Protocol.Icmp : Protocol.Icmpv6, false);
        AddPinned(type, new IcmpTypeMatch(family, number!.Value, code));
    }

    private void Conntrack(NftToken ct)
    {
        var key = Next();
        switch (key.Text)
        {
            case "state":
                ConntrackState(key);
                return;
            case "status":
                bool not = Operator();
                var status = ConntrackStates.None;
                foreach (var element in Elements(key, commaList: true))
                {
                    status |= element.Text switch
                    {
                        "snat" => ConntrackStates.Snat,
                        "dnat" => ConntrackStates.Dnat,
                        _ => Refuse<ConntrackStates>(element, $"ct status {element.Text}", "the model tests the snat and dnat status bits only"),
                    };
                }
                Add(new ConntrackMatch(status, not));
                return;
            case "original":
            case "reply":
                ConntrackTupleTest(key);
                return;
            case "mark" when Peek("set"):
                Next();
                if (Peek("meta"))
                {
                    Next();
                    Expect("mark");
                    SetTarget(key, new ConnmarkTarget(ConnmarkMode.Save));
                    return;
                }
                var (value, mask) = XMark("ct");
                SetTarget(key, new ConnmarkTarget(ConnmarkMode.Set, value, mask));
                return;
            default:
                Refuse(key, $"ct {key.Text}", "the model tests a connection's state, snat/dnat status and tuples");
                return;
        }
    }

    /// <summary>`ct state a,b`, `ct state != a` (one state), `ct state ! a,b` (none of them).</summary>
    private void ConntrackState(NftToken key)
    {
        bool negated = false;
        if (Peek("!"))
        {
            Next();
            negated = true;
        }
        else
        {
            negated = Operator();
        }
        var states = ConntrackStates.None;
        var elements = Elements(key, commaList: true);
        foreach (var element in elements)
        {
            states |= element.Text switch
            {
                "invalid" => ConntrackStates.Invalid,
                "established" => ConntrackStates.Established,
                "related" => ConntrackStates.Related,
                "new" => ConntrackStates.New,
                "untracked" => ConntrackStates.Untracked,
                _ => Refuse<ConntrackStates>(element, $"ct state {element.Text}", "the states are " + string.Join(", ", ConntrackStateWords)),
            };
        }
        Add(new ConntrackMatch(states, negated));
    }

    private void ConntrackTupleTest(NftToken direction)
    {
        var tuple = direction.Text == "original" ? ConntrackTuple.Original : ConntrackTuple.Reply;
        var field = Next();
        if (field.Is("protocol") && tuple == ConntrackTuple.Original)
        {
            bool negated = Operator();
            Add(new ConntrackProtocolMatch(ProtocolWord(Single(field)), negated));
            return;
        }
        if (field.Is("ip") || field.Is("ip6"))
        {
            var side = Next();
            if (!side.Is("saddr") && !side.Is("daddr"))
            {
                Refuse(side, $"ct {direction.Text} {field.Text} {side.Text}", "a tuple has saddr and daddr");
            }
            bool negated = Operator();
            var value = Single(side);
            var match = new ConntrackAddressMatch(tuple, side.Is("saddr") ? AddressSide.Source : AddressSide.Destination, value.Text, negated);
            if (match.Family is { } f && f != (field.Is("ip") ? IpFamily.IPv4 : IpFamily.IPv6))
            {
                Refuse(value, $"ct {direction.Text} {field.Text} {side.Text} {value.Text}", "the address is not of that family");
            }
            AddPinned(value, match);
            return;
        }
        if (field.Is("proto-src") || field.Is("proto-dst"))
        {
            bool negated = Operator();
            var port = Single(field);
            Add(new ConntrackPortMatch(tuple, field.Is("proto-src") ? AddressSide.Source : AddressSide.Destination, Port(port, allowZero: true), negated));
            return;
        }
        Refuse(field, $"ct {direction.Text} {field.Text}", "the model tests the original protocol and a tuple's addresses and ports");
    }

    private void Fib(NftToken fib)
    {
        var side = Next();
        if ((!side.Is("saddr") && !side.Is("daddr")) || !Peek("type"))
        {
            Refuse(side, $"fib {side.Text}", "the model tests `fib saddr type` and `fib daddr type` only");
        }
        Next();
        bool negated = Operator();
        var type = Single(side);
        AddressType? found = null;
        foreach (AddressType candidate in Enum.GetValues(typeof(AddressType)))
        {
            if (NftValues.RouteType(candidate) == type.Text)
            {
                found = candidate;
            }
        }
        if (found is null)
        {
            Refuse(type, $"fib type {type.Text}", "not a route type the model names");
        }
        Add(new AddressTypeMatch(side.Is("saddr") ? AddressSide.Source : AddressSide.Destination, found!.Value, negated));
    }

    private void Numgen(NftToken numgen)
    {
        var mode = Next();
        Expect("mod");
        long modulus = Number(Next());
        if (mode.Is("random"))
        {
            var op = Next();
            long threshold = Number(Next());
            if (!op.Is("<") || modulus != NetfilterFacts.StatisticRandomScale || threshold <= 0 || threshold > modulus || Peek("vmap"))
            {
                Refuse(mode, "numgen random", $"the model's random match is `numgen random mod {NetfilterFacts.StatisticRandomScale} < N`");
            }
            // The threshold is round(p·2³¹); p = threshold/2³¹ gives it back exactly.
            Add(new RandomMatch(threshold / (double)NetfilterFacts.StatisticRandomScale));
            return;
        }
        if (mode.Is("inc") && !Peek("vmap") && modulus is > 0 and <= int.MaxValue)
        {
            long packet = Number(Next());
            if (packet < modulus)
            {
                Add(new NthMatch((int)modulus, (int)packet));
                _sawStateful = true;
                return;
            }
        }
        Refuse(mode, $"numgen {mode.Text}", "the model's nth match is `numgen inc mod N P`, with P below N");
    }

    private void Limit(NftToken limit)
    {
        Expect("rate");
        var rate = Next();
        int slash = rate.Text.IndexOf('/');
        RateUnit? unit = slash < 0 ? null : rate.Text.Substring(slash + 1) switch
        {
            "second" => RateUnit.Second,
            "minute" => RateUnit.Minute,
            "hour" => RateUnit.Hour,
            "day" => RateUnit.Day,
            _ => null,
        };
        if (unit is null || !int.TryParse(rate.Text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            Refuse(rate, $"limit rate {rate.Text}", "the model's limit counts packets per second, minute, hour or day (no `over`, no bytes)");
            return;
        }
        int burst = LimitMatch.DefaultBurst;
        if (Peek("burst"))
        {
            Next();
            burst = (int)Number(Next());
            Expect("packets");
        }
        Add(new LimitMatch(count, unit.Value, burst));
        _sawStateful = true;
    }

    private void Reject(NftToken reject)
    {
        if (!Peek("with"))
        {
            SetTarget(reject, new RejectTarget());
            return;
        }
        Next();
        var kind = Next();
        if (kind.Is("tcp"))
        {
            Expect("reset");
            SetTarget(reject, new RejectTarget(RejectWith.TcpReset));
            return;
        }
        if (Peek("type"))
        {
            Next();
        }
        var code = Next();
        RejectWith? with = (kind.Text, code.Text) switch
        {
            (_, "port-unreachable") => RejectWith.PortUnreachable,
            ("icmp" or "icmpx", "host-unreachable") or ("icmpv6", "addr-unreachable") => RejectWith.HostUnreachable,
            ("icmp", "net-unreachable") or ("icmpv6" or "icmpx", "no-route") => RejectWith.NetUnreachable,
            (_, "admin-prohibited") => RejectWith.AdminProhibited,
            ("icmp", "prot-unreachable") => RejectWith.ProtoUnreachable,
            ("icmp", "net-prohibited") => RejectWith.NetProhibited,
            ("icmp", "host-prohibited") => RejectWith.HostProhibited,
            ("icmpv6", "policy-fail") => RejectWith.PolicyFail,
            ("icmpv6", "reject-route") => RejectWith.RejectRoute,
            _ => null,
        };
        if (with is null || kind.Text is not ("icmp" or "icmpv6" or "icmpx"))
        {
            Refuse(code, $"reject with {kind.Text} {code.Text}", "the model's REJECT answers with the replies iptables' REJECT has, and this is not one");
        }
        if (kind.Text != "icmpx")
        {
            State(kind.Is("icmp") ? IpFamily.IPv4 : IpFamily.IPv6, kind);
        }
        SetTarget(reject, new RejectTarget(with!.Value));
    }

    private void Log(NftToken log)
    {
        string? prefix = null;
        int level = LogTarget.DefaultLevel;
        var flags = LogFlags.None;
        while (Peek("prefix") || Peek("level") || Peek("flags"))
        {
            var option = Next();
            if (option.Is("flags"))
            {
                flags |= LogFlagsOf(Next());
                continue;
            }
            var value = Next();
            if (option.Is("prefix"))
            {
                if (!value.Quoted)
                {
                    Refuse(value, $"log prefix {value.Text}", "a prefix is a quoted string");
                }
                prefix = value.Text;
            }
            else
            {
                int? found = Inverse(value.Text, 0, 7, NftValues.LogLevel);
                if (found is null)
                {
                    Refuse(value, $"log level {value.Text}", "the levels are emerg, alert, crit, err, warn, notice, info, debug");
                }
                level = found!.Value;
            }
        }
        SetTarget(log, new LogTarget(prefix, level) { Flags = flags });
    }

    /// <summary>One `flags` clause as the nft back end writes it (AppendLogFlags): all, tcp LIST, ip options, skuid, ether.</summary>
    private LogFlags LogFlagsOf(NftToken kind)
    {
        switch (kind.Text)
        {
            case "all":
                return LogFlags.All;
            case "skuid":
                return LogFlags.Uid;
            case "ether":
                return LogFlags.MacDecode;
            case "ip":
                Expect("options");
                return LogFlags.IpOptions;
            case "tcp":
                var flags = LogFlags.None;
                var parts = new List<string> { Next().Text };
                while (Peek(","))
                {
                    Next();
                    parts.Add(Next().Text);
                }
                foreach (string part in parts)
                {
                    flags |= part switch
                    {
                        "sequence" => LogFlags.TcpSequence,
                        "options" => LogFlags.TcpOptions,
                        _ => Refused(kind, $"log flags tcp {part}", "nft's TCP log flags are sequence and options"),
                    };
                }
                return flags;
            default:
                return Refused(kind, $"log flags {kind.Text}", "nft's log flags are all, tcp, ip options, skuid and ether");
        }
    }

    private LogFlags Refused(NftToken at, string what, string why)
    {
        Refuse(at, what, why);
        return LogFlags.None;
    }

    private void Nat(NftToken nat)
    {
        if (Peek("ip") || Peek("ip6"))
        {
            Next();
        }
        Expect("to");
        var to = Next();
        string text = to.Text;
        string address = text;
        PortSpan? ports = null;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']');
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                Refuse(to, $"{nat.Text} to {text}", "an IPv6 address with a port is written [ADDRESS]:PORT");
            }
            address = text.Substring(1, close - 1);
            if (close + 1 < text.Length)
            {
                ports = PortText(to, text.Substring(close + 2));
            }
        }
        else if (text.IndexOf(':') is var colon and > 0 && text.IndexOf(':', colon + 1) < 0)
        {
            address = text.Substring(0, colon);
            ports = PortText(to, text.Substring(colon + 1));
        }
        if (address.IndexOf('-') >= 0 || address.IndexOf('/') >= 0 || !IpNetwork.TryParse(address, out var host, out _) || !host.IsHost)
        {
            Refuse(to, $"{nat.Text} to {text}", "the model's NAT rewrites to one address, with a port or range");
        }
        NoFlags(nat);
        SetTarget(nat, nat.Text == "dnat" ? new DnatTarget(address, ports) : new SnatTarget(address, ports));
    }

    private void Masquerade(NftToken masquerade)
    {
        PortSpan? ports = null;
        if (Peek("to"))
        {
            Next();
            var to = Next();
            if (!to.Text.StartsWith(':'))
            {
                Refuse(to, $"masquerade to {to.Text}", "masquerade takes ports only, as to :1024-65535");
            }
            ports = PortText(to, to.Text.Substring(1));
        }
        bool fully = false;
        if (Peek("fully-random"))
        {
            Next();
            fully = true;
        }
        NoFlags(masquerade);
        SetTarget(masquerade, new MasqueradeTarget(ports, fully));
    }

    private void Redirect(NftToken redirect)
    {
        if (!Peek("to"))
        {
            Refuse(redirect, "redirect without ports", "the model's REDIRECT names the port to redirect to");
        }
        Next();
        var to = Next();
        if (!to.Text.StartsWith(':'))
        {
            Refuse(to, $"redirect to {to.Text}", "redirect takes ports only, as to :8080");
        }
        var ports = PortText(to, to.Text.Substring(1));
        NoFlags(redirect);
        SetTarget(redirect, new RedirectTarget(ports));
    }

    private void NoFlags(NftToken target)
    {
        if (Peek("random") || Peek("persistent") || Peek("fully-random"))
        {
            var flag = Next();
            Refuse(flag, $"{target.Text} … {flag.Text}", "the model's NAT targets have no such flag");
        }
    }

    private void AddProtocol(NftToken at, Protocol protocol, bool negated)
    {
        var existing = _matches.OfType<ProtocolMatch>().FirstOrDefault();
        if (existing is not null)
        {
            if (existing.Protocol == protocol && existing.Negated == negated)
            {
                return;
            }
            Refuse(at, $"a second protocol test ({NftValues.Protocol(protocol)})", "the model's rule tests one protocol");
        }
        AddPinned(at, new ProtocolMatch(protocol, negated));
    }

    /// <summary>
    /// Addresses, interfaces and the protocol go first in every rule RuleLang emits. After a rate limit or an nth
    /// count they would move ahead of it, and the limit would then be used up by other packets: refused.
    /// </summary>
    private void AddPinned(NftToken at, Match match)
    {
        if (_sawStateful)
        {
            Refuse(at, $"'{at.Text}' after a limit or numgen inc", "RuleLang tests addresses, interfaces and the protocol before a rate limit or count, which would change which packets use it up; move the test before the limit");
        }
        Add(match);
    }

    private void Add(Match match)
    {
        if (_target is not null)
        {
            Refuse(_tokens[_at - 1], "a test after the rule's action", "the model tests everything before it acts");
        }
        _matches.Add(match with { Location = _line.Location with { Column = _tokens[Math.Max(0, _at - 1)].Column } });
    }

    private void SetTarget(NftToken at, Target target)
    {
        if (_target is not null)
        {
            Refuse(at, $"a second action ({at.Text})", "a model rule has one target; split the rule in two where the first action does not end the packet's path");
        }
        _target = target with { Location = _line.Location with { Column = at.Column } };
    }

    private void State(IpFamily family, NftToken at)
    {
        if (_stated is { } earlier && earlier != family)
        {
            Refuse(at, "both ipv4 and ipv6", "the rule can match no packet");
        }
        _stated = family;
    }

    /// <summary>`!=` negates, `==` is the plain test; neither is the plain test too.</summary>
    private bool Operator()
    {
        if (Peek("!="))
        {
            Next();
            return true;
        }
        if (Peek("=="))
        {
            Next();
        }
        return false;
    }

    /// <summary>One value, or a set of one (nft lists a one-element set as the element): a set of more is refused.</summary>
    private NftToken Single(NftToken field)
    {
        var elements = Elements(field);
        if (elements.Count != 1)
        {
            Refuse(field, $"{field.Text} {{ … }} with {elements.Count} elements", "the model tests one value here; a list becomes a rule each only in RuleLang's own source");
        }
        return elements[0];
    }

    /// <summary>A value, or the elements of an anonymous set `{ a, b }`; with commaList, also `a,b` (ct state).</summary>
    private List<NftToken> Elements(NftToken field, bool commaList = false)
    {
        var elements = new List<NftToken>();
        if (Peek("{"))
        {
            Next();
            while (true)
            {
                var element = Next();
                if (element.Is("}") && elements.Count > 0)
                {
                    break;
                }
                ValueToken(field, element);
                elements.Add(element);
                var separator = Next();
                if (separator.Is("}"))
                {
                    break;
                }
                if (!separator.Is(","))
                {
                    Refuse(separator, $"'{separator.Text}' in a set", "a set's elements are separated by ','");
                }
            }
            return elements;
        }
        var first = Next();
        ValueToken(field, first);
        elements.Add(first);
        while (commaList && Peek(","))
        {
            Next();
            var more = Next();
            ValueToken(field, more);
            elements.Add(more);
        }
        return elements;
    }

    private void ValueToken(NftToken field, NftToken value)
    {
        if (value.Text.StartsWith('@'))
        {
            Refuse(value, $"{field.Text} {value.Text}", "the nft import does not read named sets yet (a policy can declare one: docs/sets.md)");
        }
        if (!value.Quoted && value.Text is "{" or "}" or "," or ";" or "." or ":" or "vmap" or "map")
        {
            Refuse(value, $"{field.Text} … {value.Text}", "the model has no concatenations, maps or verdict maps");
        }
        if (_at < _tokens.Count && (_tokens[_at].Is(".") || _tokens[_at].Is("vmap") || _tokens[_at].Is("map")))
        {
            Refuse(_tokens[_at], $"{field.Text} … {_tokens[_at].Text}", "the model has no concatenations, maps or verdict maps");
        }
    }

    /// <summary>A protocol by the name the back end prints for it (icmpv6 is also read as ipv6-icmp).</summary>
    private Protocol ProtocolWord(NftToken token)
    {
        foreach (Protocol candidate in Enum.GetValues(typeof(Protocol)))
        {
            if (candidate != Protocol.All && (NftValues.Protocol(candidate) == token.Text || (candidate == Protocol.Icmpv6 && token.Text == "icmpv6")))
            {
                return candidate;
            }
        }
        return Refuse<Protocol>(token, $"protocol {token.Text}", "the model's protocols are tcp, udp, sctp, icmp and ipv6-icmp");
    }

    private PortSpan Port(NftToken token, bool allowZero = false) => PortText(token, token.Text, allowZero);

    private PortSpan PortText(NftToken token, string text, bool allowZero = false)
    {
        int dash = text.IndexOf('-');
        string low = dash < 0 ? text : text.Substring(0, dash);
        string high = dash < 0 ? text : text.Substring(dash + 1);
        int to = 0;
        if (!int.TryParse(low, NumberStyles.None, CultureInfo.InvariantCulture, out int from)
            || !int.TryParse(high, NumberStyles.None, CultureInfo.InvariantCulture, out to)
            || from > 65535 || to > 65535 || (!allowZero && from == 0))
        {
            Refuse(token, $"port '{text}'", "a port is a number 1-65535 or a range LOW-HIGH (nft lists service names as numbers)");
        }
        return new PortSpan(from, to);
    }

    /// <summary>A number as nft prints it: decimal, or 0x hex (marks).</summary>
    private uint Number(NftToken token)
    {
        string text = token.Text;
        bool ok = text.StartsWith("0x", StringComparison.Ordinal)
            ? uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value)
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok || token.Quoted)
        {
            Refuse(token, $"'{text}'", "a number is expected here");
        }
        return value;
    }

    /// <summary>The value the back end's printer gives this word for, searched over its domain.</summary>
    private static int? Inverse(string word, int from, int to, Func<int, string> print)
    {
        for (int value = from; value <= to; value++)
        {
            if (print(value) == word)
            {
                return value;
            }
        }
        return null;
    }

    private bool Peek(string word) => _at < _tokens.Count && _tokens[_at].Is(word);

    private NftToken Next()
    {
        if (_at >= _tokens.Count)
        {
            var last = _tokens.Count > 0 ? _tokens[_tokens.Count - 1] : new NftToken("", 1, false);
            throw new RefusedException(PolicyDiagnostic.Create(DiagnosticCatalog.MalformedNftRuleset,
                _line.Location with { Column = last.Column + last.Text.Length }, $"the rule ends after '{last.Text}'", "a value is missing; the rule is left out"));
        }
        return _tokens[_at++];
    }

    private void Expect(string word)
    {
        var token = Next();
        if (!token.Is(word))
        {
            Refuse(token, $"'{token.Text}' where '{word}' was expected", "the rule is not in the form nft lists");
        }
    }

    private void Refuse(NftToken at, string what, string why) => Refuse<bool>(at, what, why);

    private T Refuse<T>(NftToken at, string what, string why) =>
        throw new RefusedException(PolicyDiagnostic.Create(DiagnosticCatalog.UnsupportedNftStatement, _line.Location with { Column = at.Column }, what, why));

    private sealed class RefusedException : Exception
    {
        public RefusedException(PolicyDiagnostic diagnostic) => Diagnostic = diagnostic;

        public PolicyDiagnostic Diagnostic { get; }
    }
}
