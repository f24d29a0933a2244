using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Assertions;
using RuleLang.Model.Intents;
using RuleLang.Model.Netfilter;

namespace RuleLang.Text.Building;

/// <summary>Collects what the statements say, in file order, into the records the C# DSL's PolicyBuilder makes.</summary>
internal sealed class PolicyAssembler
{
    private readonly Dictionary<TableKind, TableDraft> _tables = new();
    private readonly List<Intent> _intents = new();
    private readonly List<PolicyAssertion> _assertions = new();
    private readonly List<Model.Sets.NamedSet> _sets = new();

    public ClusterSettings Cluster { get; set; } = ClusterSettings.Default;

    public PolicyOwnership Ownership { get; set; } = PolicyOwnership.Unstated;

    public TableDraft Table(TableKind kind)
    {
        if (!_tables.TryGetValue(kind, out var table))
        {
            table = new TableDraft(kind);
            _tables.Add(kind, table);
        }
        return table;
    }

    public void Add(Intent intent) => _intents.Add(intent);

    public void Add(PolicyAssertion assertion) => _assertions.Add(assertion);

    public void Add(Model.Sets.NamedSet set) => _sets.Add(set);

    public Policy ToPolicy(string name, SourceLocation location) =>
        new(name, _tables.Values.OrderBy(t => t.Kind).Select(t => t.ToModel()).OfType<Table>().ToArray(), _intents.ToArray(), location)
        {
            Cluster = Cluster,
            Assertions = _assertions.ToArray(),
            Ownership = Ownership,
            Sets = _sets.ToArray(),
        };
}
