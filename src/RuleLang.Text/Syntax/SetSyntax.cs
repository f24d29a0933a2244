using System.Collections.Generic;
using RuleLang.Model.Sets;
using RuleLang.Model.Values;
using Sprache;

namespace RuleLang.Text.Syntax;

/// <summary>saddr/daddr/sport/dport [!=] @NAME: a test of a declared set; <see cref="Ports"/> when written on a port keyword.</summary>
internal sealed record SetRefSyntax(AddressSide Side, bool Ports, bool Negated, Tok Name, Position At) : MatchSyntax(At);

/// <summary>set NAME TYPE [timeout N] { … } or external set NAME TYPE.</summary>
internal sealed record SetDeclarationSyntax(Tok Name, SetType Type, Tok? Timeout, IReadOnlyList<Tok> Elements, bool External, Position At) : StatementSyntax(At);
