using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;

namespace RuleLang.Checker;

/// <summary>
/// The jumps between the chains of one table, and for every chain the hooks that reach it, each with one
/// shortest path that shows how (POSTROUTING → A → B). Hook-dependent checks follow these paths, as the
/// kernel does. Built in time linear in the number of rules: a cluster's nat table has tens of thousands. Chains
/// are numbered once and the walks work on those numbers: a name is looked up once per jump, not once per step
/// of every walk (at 10,000 services the hash lookups were a fifth of the whole compile).
/// </summary>
public sealed class ChainGraph
{
    private static readonly string[] NoCallees = new string[0];
    private static readonly Hook[] NoHooks = new Hook[0];
    private const int NoParent = -1;

    // Chain numbers: the first chain of each name, in table order.
    private readonly Dictionary<string, int> _index;
    private readonly Chain[] _chains;
    private readonly int[][] _callees;
    private readonly string[][] _calleeNames;
    private readonly int[] _hookMasks;
    // One array per set of hooks (at most 32), shared by all chains with that set.
    private readonly Dictionary<int, Hook[]> _hookSets = new();
    // Per hook: each reached chain's parent on a shortest path from the hook's chain.
    private readonly Dictionary<Hook, int[]> _parents = new();

    public ChainGraph(Table table)
    {
        Table = table;
        _index = new Dictionary<string, int>(table.Chains.Count, System.StringComparer.Ordinal);
        var chains = new List<Chain>(table.Chains.Count);
        foreach (var chain in table.Chains)
        {
            if (!_index.ContainsKey(chain.Name))
            {
                _index.Add(chain.Name, chains.Count);
                chains.Add(chain);
            }
        }
        _chains = chains.ToArray();
        _callees = new int[_chains.Length][];
        _calleeNames = new string[_chains.Length][];
        _hookMasks = new int[_chains.Length];
        for (int i = 0; i < _chains.Length; i++)
        {
            (_callees[i], _calleeNames[i]) = FindCallees(_chains[i]);
        }
        foreach (var chain in table.Chains)
        {
            if (chain.Hook is { } hook && !_parents.ContainsKey(hook))
            {
                Spread(hook, _index[chain.Name]);
            }
        }
    }

    public Table Table { get; }

    public bool Contains(string name) => _index.ContainsKey(name);

    public Chain? Find(string name) => _index.TryGetValue(name, out int i) ? _chains[i] : null;

    /// <summary>The existing chains this chain jumps or goes to, each once.</summary>
    public IReadOnlyList<string> Callees(Chain chain) => _index.TryGetValue(chain.Name, out int i) ? _calleeNames[i] : NoCallees;

    /// <summary>The hooks from which this chain runs, in hook order.</summary>
    public IReadOnlyList<Hook> HooksOf(string chain)
    {
        int mask = _index.TryGetValue(chain, out int i) ? _hookMasks[i] : 0;
        if (mask == 0)
        {
            return NoHooks;
        }
        if (!_hookSets.TryGetValue(mask, out var hooks))
        {
            var list = new List<Hook>();
            for (int bit = 0; bit < 32; bit++)
            {
                if ((mask & (1 << bit)) != 0)
                {
                    list.Add((Hook)bit);
                }
            }
            hooks = list.ToArray();
            _hookSets.Add(mask, hooks);
        }
        return hooks;
    }

    /// <summary>A shortest path of chain names from the hook's built-in chain to this chain.</summary>
    public IReadOnlyList<string> PathFrom(Hook hook, string chain)
    {
        var path = new List<string> { chain };
        if (_parents.TryGetValue(hook, out var parents) && _index.TryGetValue(chain, out int at))
        {
            while (parents[at] != NoParent)
            {
                at = parents[at];
                path.Add(_chains[at].Name);
            }
        }
        path.Reverse();
        return path;
    }

    /// <summary>One cycle of jumps, as the list of chains around it (first repeated at the end), or null.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        // Iterative depth-first search with colours (0 unseen, 1 on the stack, 2 done), so a deep chain graph
        // cannot overflow the stack.
        var state = new byte[_chains.Length];
        var stack = new List<(int Chain, int Next)>();
        for (int root = 0; root < _chains.Length; root++)
        {
            if (state[root] != 0)
            {
                continue;
            }
            stack.Add((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (chain, next) = stack[stack.Count - 1];
                var callees = _callees[chain];
                if (next == callees.Length)
                {
                    state[chain] = 2;
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }
                stack[stack.Count - 1] = (chain, next + 1);
                int callee = callees[next];
                if (state[callee] == 1)
                {
                    var cycle = new List<string>();
                    int start = stack.FindIndex(frame => frame.Chain == callee);
                    for (int i = start; i < stack.Count; i++)
                    {
                        cycle.Add(_chains[stack[i].Chain].Name);
                    }
                    cycle.Add(_chains[callee].Name);
                    return cycle;
                }
                if (state[callee] == 0)
                {
                    state[callee] = 1;
                    stack.Add((callee, 0));
                }
            }
        }
        return null;
    }

    private (int[] Numbers, string[] Names) FindCallees(Chain chain)
    {
        List<int>? callees = null;
        HashSet<int>? seen = null;
        foreach (var rule in chain.Rules)
        {
            if (rule.Target is JumpTarget jump && _index.TryGetValue(jump.Chain, out int callee))
            {
                callees ??= new List<int>();
                // Most chains jump to a handful of others: a set only for the few that jump to many.
                if (seen is null && callees.Count >= 16)
                {
                    seen = new HashSet<int>(callees);
                }
                bool first = seen is null ? !callees.Contains(callee) : seen.Add(callee);
                if (first)
                {
                    callees.Add(callee);
                }
            }
        }
        if (callees is null)
        {
            return (System.Array.Empty<int>(), NoCallees);
        }
        var names = new string[callees.Count];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = _chains[callees[i]].Name;
        }
        return (callees.ToArray(), names);
    }

    /// <summary>Breadth first from a hook's chain, so the parent links give shortest paths.</summary>
    private void Spread(Hook hook, int start)
    {
        var parents = new int[_chains.Length];
        for (int i = 0; i < parents.Length; i++)
        {
            parents[i] = NoParent;
        }
        _parents.Add(hook, parents);
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            int chain = queue.Dequeue();
            _hookMasks[chain] |= 1 << (int)hook;
            foreach (int callee in _callees[chain])
            {
                // A chain is queued once: the start has no parent, every other reached chain has one.
                if (!_chains[callee].IsBuiltin && callee != start && parents[callee] == NoParent)
                {
                    parents[callee] = chain;
                    queue.Enqueue(callee);
                }
            }
        }
    }
}
