using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.SourceWriters;

/// <summary>An input line that is not in the policy (table and chain when known), to be listed as a comment.</summary>
public sealed record UnwrittenLine(SourceLocation Location, TableKind? Table, string? Chain, string Text);
