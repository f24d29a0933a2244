using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Importers.Iptables;

/// <summary>
/// A dump line that is not in the imported policy, as written (without its counters), with the table and chain
/// it was for when the line said so. Its diagnostics carry the same location.
/// </summary>
public sealed record UnimportedLine(SourceLocation Location, TableKind? Table, string? Chain, string Text);
