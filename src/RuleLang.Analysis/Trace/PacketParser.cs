using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Analysis.Trace;

/// <summary>
/// Reads a packet from one line of text:
/// <c>PROTO SRC[:PORT] -> DST[:PORT] [iif NAME] [oif NAME] [from local] [state S[,S]] [mark N] [type ICMP-TYPE] [code N] [flags TCP-FLAGS]</c>.
/// IPv6 addresses with a port are bracketed (<c>[2001:db8::1]:80</c>). Every mistake is a diagnostic at its
/// column (RL0601), never an exception.
/// </summary>
public static class PacketParser
{
    public const string Syntax =
        "PROTO SRC[:PORT] -> DST[:PORT] [iif NAME] [oif NAME] [from local] [state new|established|related|invalid|untracked[,dnat][,snat]] [mark N] [type ICMP-TYPE] [code N] [flags TCP-FLAGS]";

    /// <param name="origin">What the text came from, for the diagnostic's location (e.g. "--packet").</param>
    public static PacketParseResult Parse(string? text, string origin = "packet")
    {
        var tokens = Tokenize(text ?? "");
        var reader = new Reader(tokens, (text ?? "").Length);
        try
        {
            return new PacketParseResult(reader.Packet(), null);
        }
        catch (PacketSyntaxException error)
        {
            var location = new SourceLocation(origin, 1, error.Column);
            return new PacketParseResult(null, PolicyDiagnostic.Create(DiagnosticCatalog.PacketNotUnderstood, location, error.Message, Syntax));
        }
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            if (string.CompareOrdinal(text, i, "->", 0, 2) == 0)
            {
                tokens.Add(new Token("->", i + 1));
                i += 2;
                continue;
            }
            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && string.CompareOrdinal(text, i, "->", 0, 2) != 0)
            {
                i++;
            }
            tokens.Add(new Token(text.Substring(start, i - start), start + 1));
        }
        return tokens;
    }

    private readonly struct Token
    {
        public Token(string text, int column)
        {
            Text = text;
            Column = column;
        }

        public string Text { get; }

        public int Column { get; }
    }

    private sealed class PacketSyntaxException : Exception
    {
        public PacketSyntaxException(int column, string message)
            : base(message) => Column = column;

        public int Column { get; }
    }

    private sealed class Reader
    {
        private readonly List<Token> _tokens;
        private readonly int _endColumn;
        private int _next;

        public Reader(List<Token> tokens, int length)
        {
            _tokens = tokens;
            _endColumn = length + 1;
        }

        public PacketSpec Packet()
        {
            var protocolToken = Take("a protocol (tcp, udp, sctp, icmp, icmpv6)");
            var protocol = ParseProtocol(protocolToken);
            var source = Endpoint("the source address");
            var arrow = Take("'->' between source and destination");
            if (arrow.Text != "->")
            {
                throw Error(arrow, $"expected '->' between source and destination, found '{arrow.Text}'");
            }
            var destination = Endpoint("the destination address");
            if (source.Address.AddressFamily != destination.Address.AddressFamily)
            {
                throw Error(destination.Token, $"'{destination.Token.Text}' is not of the source address's family");
            }
            bool v6 = source.Address.AddressFamily == AddressFamily.InterNetworkV6;
            if (protocol == Protocol.Icmp && v6)
            {
                protocol = Protocol.Icmpv6;
            }
            else if (protocol == Protocol.Icmpv6 && !v6)
            {
                throw Error(protocolToken, "icmpv6 needs IPv6 addresses");
            }
            bool ports = protocol is Protocol.Tcp or Protocol.Udp or Protocol.Sctp;
            if (!ports && (source.Port is not null || destination.Port is not null))
            {
                throw Error(source.Port is not null ? source.Token : destination.Token, $"{Name(protocol)} has no ports");
            }
            if (ports && destination.Port is null)
            {
                throw Error(destination.Token, $"{Name(protocol)} needs a destination port, as in {destination.Token.Text}:80");
            }

            var packet = new PacketSpec(protocol, source.Address, ports ? source.Port ?? PacketSpec.DefaultSourcePort : null, destination.Address, destination.Port);
            if (!ports && protocol != Protocol.All)
            {
                packet = packet with { IcmpType = v6 ? 128 : 8 };
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (_next < _tokens.Count)
            {
                var keyword = _tokens[_next++];
                if (!seen.Add(keyword.Text))
                {
                    throw Error(keyword, $"'{keyword.Text}' is given twice");
                }
                switch (keyword.Text)
                {
                    case "iif":
                        packet = packet with { InInterface = InterfaceName(Take("an interface name after iif")) };
                        break;
                    case "oif":
                        packet = packet with { OutInterface = InterfaceName(Take("an interface name after oif")) };
                        break;
                    case "from":
                        var local = Take("'local' after from");
                        if (local.Text != "local")
                        {
                            throw Error(local, $"expected 'from local', found 'from {local.Text}'");
                        }
                        packet = packet with { FromLocal = true };
                        break;
                    case "state":
                        packet = packet with { State = States(Take("a conntrack state after state")) };
                        break;
                    case "mark":
                        packet = packet with { Mark = Mark(Take("a mark value after mark")) };
                        break;
                    case "uid":
                        packet = packet with { Uid = Id(Take("a uid after uid")) };
                        break;
                    case "gid":
                        packet = packet with { Gid = Id(Take("a gid after gid")) };
                        break;
                    case "type":
                        var type = Take("an ICMP type after type");
                        if (protocol is not (Protocol.Icmp or Protocol.Icmpv6))
                        {
                            throw Error(keyword, "type is for icmp and icmpv6 packets");
                        }
                        (int t, int? c) = IcmpType(type, v6 ? IpFamily.IPv6 : IpFamily.IPv4);
                        packet = packet with { IcmpType = t, IcmpCode = c ?? packet.IcmpCode };
                        break;
                    case "flags":
                        var flags = Take("TCP flags after flags, such as syn,ack");
                        if (protocol != Protocol.Tcp)
                        {
                            throw Error(keyword, "flags is for tcp packets");
                        }
                        packet = packet with { TcpFlags = TcpFlagList(flags) };
                        break;
                    case "code":
                        var code = Take("an ICMP code after code");
                        if (protocol is not (Protocol.Icmp or Protocol.Icmpv6))
                        {
                            throw Error(keyword, "code is for icmp and icmpv6 packets");
                        }
                        packet = packet with { IcmpCode = Number(code, 0, 255, "an ICMP code") };
                        break;
                    default:
                        throw Error(keyword, $"unknown word '{keyword.Text}'");
                }
            }
            if (packet.FromLocal && packet.InInterface is not null)
            {
                throw Error(_tokens[0], "a packet from local has no input interface; drop iif or from local");
            }
            if (!packet.FromLocal && (packet.Uid != 0 || packet.Gid != 0))
            {
                throw Error(_tokens[0], "uid and gid are those of the socket a packet from local is sent from; a received packet has none");
            }
            if (!packet.FromLocal && packet.InInterface is null)
            {
                throw new PacketSyntaxException(_endColumn, "say where the packet comes from: iif NAME for a packet the host receives, or from local for one it sends");
            }
            return packet;
        }

        private Token Take(string what)
        {
            if (_next >= _tokens.Count)
            {
                throw new PacketSyntaxException(_endColumn, $"expected {what} at the end");
            }
            return _tokens[_next++];
        }

        private static PacketSyntaxException Error(Token token, string message) => new(token.Column, message);

        private static Protocol ParseProtocol(Token token) => token.Text.ToLowerInvariant() switch
        {
            "tcp" => Protocol.Tcp,
            "udp" => Protocol.Udp,
            "sctp" => Protocol.Sctp,
            "icmp" => Protocol.Icmp,
            "icmpv6" or "ipv6-icmp" => Protocol.Icmpv6,
            _ => throw Error(token, $"'{token.Text}' is not a protocol; use tcp, udp, sctp, icmp or icmpv6"),
        };

        private static string Name(Protocol protocol) => protocol.ToString().ToLowerInvariant();

        private (IPAddress Address, int? Port, Token Token) Endpoint(string what)
        {
            var token = Take(what);
            string text = token.Text;
            string addressText = text;
            string? portText = null;
            if (text.StartsWith("[", StringComparison.Ordinal))
            {
                int close = text.IndexOf(']');
                if (close < 0)
                {
                    throw Error(token, $"'{text}' opens '[' without closing it");
                }
                addressText = text.Substring(1, close - 1);
                string rest = text.Substring(close + 1);
                if (rest.Length > 0)
                {
                    if (rest[0] != ':')
                    {
                        throw Error(token, $"expected ':PORT' after ']' in '{text}'");
                    }
                    portText = rest.Substring(1);
                }
            }
            else if (text.IndexOf(':') == text.LastIndexOf(':') && text.IndexOf(':') >= 0)
            {
                // One colon: IPv4 and a port. Several: a bare IPv6 address, which has no port.
                int colon = text.IndexOf(':');
                addressText = text.Substring(0, colon);
                portText = text.Substring(colon + 1);
            }
            if (!IpNetwork.TryParse(addressText, out var network, out string error) || !network.IsHost || addressText.IndexOf('/') >= 0)
            {
                throw Error(token, addressText.IndexOf('/') >= 0
                    ? $"'{addressText}' is a network; a packet has one address"
                    : $"'{addressText}' is not an address: {error}");
            }
            int? port = portText is null ? null : Number(new Token(portText, token.Column + text.Length - portText.Length), 1, PortSpan.MaxPort, "a port");
            return (new IPAddress(network.GetAddressBytes()), port, token);
        }

        private static string InterfaceName(Token token)
        {
            if (System.Text.Encoding.UTF8.GetByteCount(token.Text) > NetfilterFacts.MaxInterfaceNameBytes || token.Text.IndexOf('/') >= 0)
            {
                throw Error(token, $"'{token.Text}' is not an interface name (at most {NetfilterFacts.MaxInterfaceNameBytes} bytes, no '/')");
            }
            return token.Text;
        }

        private static ConntrackStates States(Token token)
        {
            var states = ConntrackStates.None;
            int primary = 0;
            foreach (string part in token.Text.Split(','))
            {
                var state = part.ToLowerInvariant() switch
                {
                    "new" => ConntrackStates.New,
                    "established" => ConntrackStates.Established,
                    "related" => ConntrackStates.Related,
                    "invalid" => ConntrackStates.Invalid,
                    "untracked" => ConntrackStates.Untracked,
                    "dnat" => ConntrackStates.Dnat,
                    "snat" => ConntrackStates.Snat,
                    _ => throw Error(token, $"'{part}' is not a conntrack state; use new, established, related, invalid or untracked, optionally with dnat and snat"),
                };
                if (state is not (ConntrackStates.Dnat or ConntrackStates.Snat))
                {
                    primary++;
                }
                states |= state;
            }
            if (primary != 1)
            {
                throw Error(token, $"'{token.Text}' must name exactly one of new, established, related, invalid, untracked");
            }
            if ((states & (ConntrackStates.Invalid | ConntrackStates.Untracked)) != 0 && (states & (ConntrackStates.Dnat | ConntrackStates.Snat)) != 0)
            {
                throw Error(token, "an invalid or untracked packet has no connection that could be NATed");
            }
            return states;
        }

        /// <summary>A numeric uid or gid, as -m owner compares them.</summary>
        private static uint Id(Token token)
        {
            if (uint.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out uint id) && id <= Model.Values.OwnerIds.MaxId)
            {
                return id;
            }
            throw Error(token, $"'{token.Text}' is not a numeric id (0 to {Model.Values.OwnerIds.MaxId})");
        }

        private static uint Mark(Token token)
        {
            string text = token.Text;
            bool hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            if (uint.TryParse(hex ? text.Substring(2) : text, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out uint mark))
            {
                return mark;
            }
            throw Error(token, $"'{text}' is not a 32-bit mark (decimal or 0x hex)");
        }

        /// <summary>fin, syn, rst, psh, ack, urg, separated by commas, or none.</summary>
        private static TcpFlags TcpFlagList(Token token)
        {
            var flags = TcpFlags.None;
            foreach (string part in token.Text.Split(','))
            {
                flags |= part.ToLowerInvariant() switch
                {
                    "fin" => TcpFlags.Fin,
                    "syn" => TcpFlags.Syn,
                    "rst" => TcpFlags.Rst,
                    "psh" => TcpFlags.Psh,
                    "ack" => TcpFlags.Ack,
                    "urg" => TcpFlags.Urg,
                    "none" => TcpFlags.None,
                    _ => throw Error(token, $"'{part}' is not a TCP flag; use fin, syn, rst, psh, ack, urg or none, separated by commas"),
                };
            }
            return flags;
        }

        private static (int Type, int? Code) IcmpType(Token token, IpFamily family)
        {
            string text = token.Text;
            int slash = text.IndexOf('/');
            if (slash > 0)
            {
                int type = Number(new Token(text.Substring(0, slash), token.Column), 0, 255, "an ICMP type");
                return (type, Number(new Token(text.Substring(slash + 1), token.Column + slash + 1), 0, 255, "an ICMP code"));
            }
            if (text.Length > 0 && char.IsDigit(text[0]))
            {
                return (Number(token, 0, 255, "an ICMP type"), null);
            }
            if (IcmpNames.TryFind(family, text, out int named, out int? code))
            {
                return (named, code);
            }
            throw Error(token, $"'{text}' is not an {(family == IpFamily.IPv6 ? "ICMPv6" : "ICMP")} type name iptables knows (e.g. echo-request)");
        }

        private static int Number(Token token, int min, int max, string what)
        {
            if (token.Text.Length is > 0 and <= 5 && int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
            {
                return value;
            }
            throw Error(token, $"'{token.Text}' is not {what} ({min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)})");
        }
    }
}
