using Sprache;

namespace RuleLang.Text.Syntax;

/// <summary>One token as written, with where it starts in its statement's text.</summary>
internal sealed record Tok(string Text, Position At);

/// <summary>A fixed word read as the value it stands for (a protocol, a table name, …), with where it was written.</summary>
internal sealed record Located<T>(T Value, Position At);
