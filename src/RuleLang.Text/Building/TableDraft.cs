using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Text.Building;

/// <summary>
/// One table while a file is read, shaped as the C# DSL's TableBuilder shapes it: every built-in chain of the
/// table in hook order, then the other chains in the order first declared.
/// </summary>
internal sealed class TableDraft
{
    private readonly List<ChainDraft> _builtins = new();
    private readonly List<ChainDraft> _others = new();
    private readonly Dictionary<string, ChainDraft> _byName = new(System.StringComparer.Ordinal);

    public TableDraft(TableKind kind)
    {
        Kind = kind;
        foreach (var hook in NetfilterFacts.BuiltinHooks(kind))
        {
            var chain = new ChainDraft(NetfilterFacts.ChainName(hook), hook, SourceLocation.None);
            _builtins.Add(chain);
            _byName.Add(chain.Name, chain);
        }
    }

    public TableKind Kind { get; }

    public ChainDraft Chain(string name, SourceLocation location)
    {
        if (!_byName.TryGetValue(name, out var chain))
        {
            // A hook's name in a table that lacks the hook stays a would-be built-in chain, for RL1101.
            Hook? hook = NetfilterFacts.TryParseHook(name, out var h) ? h : null;
            chain = new ChainDraft(name, hook, location);
            _others.Add(chain);
            _byName.Add(name, chain);
        }
        return chain;
    }

    /// <summary>Null when nothing was said about the table, as the DSL leaves an untouched table out.</summary>
    public Table? ToModel() => _others.Count == 0 && !_builtins.Any(c => c.IsTouched)
        ? null
        : new Table(Kind, _builtins.Concat(_others).Select(c => c.ToModel()).ToArray());
}
