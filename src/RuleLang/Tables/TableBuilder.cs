using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang;

/// <summary>
/// One table while a policy is being defined. The subclass for each table exposes exactly that table's built-in
/// chains, so naming a chain the table lacks does not compile.
/// </summary>
public abstract class TableBuilder<TTable>
    where TTable : ITable
{
    private readonly PolicyBuilder _policy;
    private readonly List<ChainState> _builtins = new();
    private readonly Dictionary<string, UserChain<TTable>> _userChains = new();
    private readonly List<ChainState> _userChainOrder = new();

    private protected TableBuilder(PolicyBuilder policy, TableKind kind)
    {
        _policy = policy;
        Kind = kind;
        foreach (Hook hook in NetfilterFacts.BuiltinHooks(kind))
        {
            _builtins.Add(new ChainState(policy, NetfilterFacts.ChainName(hook), hook, SourceLocation.None) { Table = kind });
        }
    }

    public TableKind Kind { get; }

    /// <summary>
    /// Declares user chain <paramref name="name"/>, or returns the handle already declared under that name, so
    /// two parts of a policy can share a chain. The location is that of the first declaration.
    /// </summary>
    public UserChain<TTable> Chain(string name, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (!_userChains.TryGetValue(name, out var chain))
        {
            var location = new SourceLocation(file, line, 0);
            _policy.Saw(location);
            var state = new ChainState(_policy, name, null, location);
            chain = new UserChain<TTable>(state);
            _userChains.Add(name, chain);
            _userChainOrder.Add(state);
        }
        return chain;
    }

    /// <summary>
    /// Declares <paramref name="name"/> a chain another owner creates in this table (DOCKER-USER), so rules may
    /// jump to it; the policy must own its own chains (<see cref="PolicyBuilder.Owns"/>), and never defines it.
    /// </summary>
    public ForeignChain<TTable> External(string name, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var location = new SourceLocation(file, line, 0);
        _policy.External(name, location);
        return new ForeignChain<TTable>(name);
    }

    private protected BuiltinChain<TTable, THook> Builtin<THook>(Hook hook)
        where THook : IHook =>
        new(_builtins.First(c => c.Hook == hook));

    /// <summary>Null when nothing was said about the table, so an unused table is left out of the policy.</summary>
    internal Table? ToModel()
    {
        if (_userChainOrder.Count == 0 && !_builtins.Any(c => c.IsTouched))
        {
            return null;
        }
        return new Table(Kind, _builtins.Concat(_userChainOrder).Select(c => c.ToModel()).ToArray());
    }
}
