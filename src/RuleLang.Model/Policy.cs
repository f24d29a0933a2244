using System.Collections.Generic;
using System.Linq;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Model;

/// <summary>
/// A whole firewall policy: plain tables and chains, plus high-level intents that lowering turns into plain
/// rules. Immutable; every front end (C#, .rl, import) builds one of these.
/// </summary>
public sealed record Policy(string Name, IReadOnlyList<Table> Tables, IReadOnlyList<Intent> Intents, SourceLocation Location)
{
    public ClusterSettings Cluster { get; init; } = ClusterSettings.Default;

    public Table? FindTable(TableKind kind) => Tables.FirstOrDefault(t => t.Kind == kind);
}
