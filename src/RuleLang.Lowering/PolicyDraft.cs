using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Lowering;

/// <summary>A mutable copy of a policy's tables that lowering appends to; tables appear as they are first used.</summary>
internal sealed class PolicyDraft
{
    private readonly SortedDictionary<TableKind, List<ChainDraft>> _tables = new();

    public PolicyDraft(Policy policy)
    {
        foreach (var table in policy.Tables)
        {
            _tables[table.Kind] = table.Chains.Select(c => new ChainDraft(c)).ToList();
        }
    }

    public ChainDraft Builtin(TableKind table, Hook hook)
    {
        var chains = Table(table);
        string name = NetfilterFacts.ChainName(hook);
        return chains.First(c => c.Hook == hook || c.Name == name);
    }

    /// <summary>The user chain of that name, declared on first use.</summary>
    public ChainDraft UserChain(TableKind table, string name, SourceLocation location)
    {
        var chains = Table(table);
        var found = chains.FirstOrDefault(c => c.Name == name);
        if (found is null)
        {
            found = new ChainDraft(Chain.User(name, new Rule[0], location));
            chains.Add(found);
        }
        return found;
    }

    public bool HasUserChain(TableKind table, string name) =>
        _tables.TryGetValue(table, out var chains) && chains.Any(c => c.Name == name);

    public IReadOnlyList<Table> Freeze() =>
        _tables.Select(t => new Table(t.Key, t.Value.Select(c => c.Freeze()).ToArray())).ToArray();

    private List<ChainDraft> Table(TableKind kind)
    {
        if (!_tables.TryGetValue(kind, out var chains))
        {
            chains = NetfilterFacts.BuiltinHooks(kind)
                .Select(h => new ChainDraft(Chain.Builtin(h, Verdict.Accept, new Rule[0], SourceLocation.None)))
                .ToList();
            _tables.Add(kind, chains);
        }
        return chains;
    }
}
