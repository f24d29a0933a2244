using System;
using System.Collections.Generic;
using RuleLang.Model.Matches;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;
using RuleLang.Text.Building;
using Sprache;

namespace RuleLang.Text.Syntax;

/// <summary>A match as written, at its keyword. Those that need more than their own tokens have their own record.</summary>
internal abstract record MatchSyntax(Position At);

/// <summary>tcp, udp, … or proto [!=] protocol; <c>proto all</c> is no match at all, as in the C# DSL.</summary>
internal sealed record ProtocolSyntax(Protocol Protocol, bool Negated, Position At) : MatchSyntax(At);

/// <summary>saddr / daddr: a literal address or a definition, which may stand for several.</summary>
internal sealed record AddressSyntax(AddressSide Side, bool Negated, AddressOperand Operand, Position At) : MatchSyntax(At);

/// <summary>sport / dport: a span, a { } list or a port definition.</summary>
internal sealed record PortSyntax(AddressSide Side, bool Negated, PortOperand Operand, Position At) : MatchSyntax(At);

/// <summary>type: an ICMP type by number (and code), or by name, whose meaning depends on the rule's protocol.</summary>
internal sealed record IcmpSyntax(Tok Type, Tok? Code, bool IsName, Position At) : MatchSyntax(At);

/// <summary>A match that its own tokens decide; numbers are converted by the reader, which reports those too large.</summary>
internal sealed record SimpleMatchSyntax(Func<ValueReader, Match?> Build, Position At) : MatchSyntax(At);

/// <summary>An address operand: exactly one of a literal and a definition reference.</summary>
internal sealed record AddressOperand(Tok? Literal, Tok? Reference);

/// <summary>A port operand: exactly one of literal spans and a definition reference.</summary>
internal sealed record PortOperand(IReadOnlyList<Tok>? Spans, Tok? Reference);
