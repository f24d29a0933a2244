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
    // Lookups by name keep lowering linear: a large cluster declares tens of thousands of chains.
    private readonly Dictionary<(TableKind, string), ChainDraft> _byName = new();

    public PolicyDraft(Policy policy)
    {
        foreach (var table in policy.Tables)
        {
            var chains = new List<ChainDraft>();
            foreach (var chain in table.Chains)
            {
                Add(table.Kind, chains, new ChainDraft(chain));
            }
            _tables[table.Kind] = chains;
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
        if (!_byName.TryGetValue((table, name), out var found))
        {
            found = new ChainDraft(Chain.User(name, new Rule[0], location));
            Add(table, chains, found);
        }
        return found;
    }

    public IReadOnlyList<Table> Freeze() =>
        _tables.Select(t => new Table(t.Key, t.Value.Select(c => c.Freeze()).ToArray())).ToArray();

    private void Add(TableKind table, List<ChainDraft> chains, ChainDraft chain)
    {
        chains.Add(chain);
        if (!_byName.ContainsKey((table, chain.Name)))
        {
            _byName.Add((table, chain.Name), chain);
        }
    }

    private List<ChainDraft> Table(TableKind kind)
    {
        if (!_tables.TryGetValue(kind, out var chains))
        {
            chains = new List<ChainDraft>();
            foreach (var hook in NetfilterFacts.BuiltinHooks(kind))
            {
                Add(kind, chains, new ChainDraft(Chain.Builtin(hook, Verdict.Accept, new Rule[0], SourceLocation.None)));
            }
            _tables.Add(kind, chains);
        }
        return chains;
    }
}
