using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;

namespace RuleLang.Checker;

/// <summary>
/// The jumps between the chains of one table, and for every chain the hooks that reach it, each with one
/// path that shows how (POSTROUTING → A → B). Hook-dependent checks follow these paths, as the kernel does.
/// </summary>
public sealed class ChainGraph
{
    private readonly Dictionary<string, Chain> _chains = new();
    private readonly Dictionary<string, SortedDictionary<Hook, IReadOnlyList<string>>> _reach = new();

    public ChainGraph(Table table)
    {
        Table = table;
        foreach (var chain in table.Chains)
        {
            if (!_chains.ContainsKey(chain.Name))
            {
                _chains.Add(chain.Name, chain);
            }
        }
        foreach (var chain in table.Chains.Where(c => c.IsBuiltin))
        {
            Walk(chain.Hook!.Value, chain, new List<string>());
        }
    }

    public Table Table { get; }

    public bool Contains(string name) => _chains.ContainsKey(name);

    public Chain? Find(string name) => _chains.TryGetValue(name, out var chain) ? chain : null;

    /// <summary>The hooks from which this chain runs, with the shortest path found from the hook's chain.</summary>
    public IReadOnlyDictionary<Hook, IReadOnlyList<string>> Reach(string chain) =>
        _reach.TryGetValue(chain, out var reach) ? reach : new SortedDictionary<Hook, IReadOnlyList<string>>();

    public IEnumerable<string> Callees(Chain chain) =>
        chain.Rules.Select(r => r.Target).OfType<JumpTarget>().Select(j => j.Chain).Where(Contains);

    private void Walk(Hook hook, Chain chain, List<string> path)
    {
        if (path.Contains(chain.Name))
        {
            return;
        }
        path.Add(chain.Name);
        if (!_reach.TryGetValue(chain.Name, out var reach))
        {
            reach = new SortedDictionary<Hook, IReadOnlyList<string>>();
            _reach.Add(chain.Name, reach);
        }
        if (!reach.TryGetValue(hook, out var known) || known.Count > path.Count)
        {
            reach[hook] = path.ToArray();
            foreach (var callee in Callees(chain).Distinct())
            {
                var target = _chains[callee];
                if (!target.IsBuiltin)
                {
                    Walk(hook, target, path);
                }
            }
        }
        path.RemoveAt(path.Count - 1);
    }

    /// <summary>One cycle of jumps, as the list of chains around it (first repeated at the end), or null.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, int>();
        var stack = new List<string>();
        foreach (var chain in Table.Chains)
        {
            var cycle = Visit(chain, state, stack);
            if (cycle != null)
            {
                return cycle;
            }
        }
        return null;
    }

    private IReadOnlyList<string>? Visit(Chain chain, Dictionary<string, int> state, List<string> stack)
    {
        state.TryGetValue(chain.Name, out int seen);
        if (seen == 2)
        {
            return null;
        }
        if (seen == 1)
        {
            int start = stack.IndexOf(chain.Name);
            return stack.Skip(start).Concat(new[] { chain.Name }).ToArray();
        }
        state[chain.Name] = 1;
        stack.Add(chain.Name);
        foreach (var callee in Callees(chain).Distinct())
        {
            var cycle = Visit(_chains[callee], state, stack);
            if (cycle != null)
            {
                return cycle;
            }
        }
        stack.RemoveAt(stack.Count - 1);
        state[chain.Name] = 2;
        return null;
    }
}
