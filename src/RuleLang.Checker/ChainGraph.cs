using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Targets;

namespace RuleLang.Checker;

/// <summary>
/// The jumps between the chains of one table, and for every chain the hooks that reach it, each with one
/// shortest path that shows how (POSTROUTING → A → B). Hook-dependent checks follow these paths, as the
/// kernel does. Built in time linear in the number of rules: a cluster's nat table has tens of thousands.
/// </summary>
public sealed class ChainGraph
{
    private static readonly string[] NoCallees = new string[0];
    private static readonly Hook[] NoHooks = new Hook[0];

    private readonly Dictionary<string, Chain> _chains = new();
    private readonly Dictionary<string, string[]> _callees = new();
    private readonly Dictionary<string, int> _hookMasks = new();
    // One array per set of hooks (at most 32), shared by all chains with that set.
    private readonly Dictionary<int, Hook[]> _hookSets = new();
    private readonly Dictionary<Hook, Dictionary<string, string>> _parents = new();

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
        foreach (var chain in _chains.Values)
        {
            _callees[chain.Name] = FindCallees(chain);
        }
        foreach (var chain in table.Chains)
        {
            if (chain.Hook is { } hook && !_parents.ContainsKey(hook))
            {
                Spread(hook, chain);
            }
        }
    }

    public Table Table { get; }

    public bool Contains(string name) => _chains.ContainsKey(name);

    public Chain? Find(string name) => _chains.TryGetValue(name, out var chain) ? chain : null;

    /// <summary>The existing chains this chain jumps or goes to, each once.</summary>
    public IReadOnlyList<string> Callees(Chain chain) => _callees.TryGetValue(chain.Name, out var callees) ? callees : NoCallees;

    /// <summary>The hooks from which this chain runs, in hook order.</summary>
    public IReadOnlyList<Hook> HooksOf(string chain)
    {
        if (!_hookMasks.TryGetValue(chain, out int mask))
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
        if (_parents.TryGetValue(hook, out var parents))
        {
            while (parents.TryGetValue(path[path.Count - 1], out var parent))
            {
                path.Add(parent);
            }
        }
        path.Reverse();
        return path;
    }

    /// <summary>One cycle of jumps, as the list of chains around it (first repeated at the end), or null.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        // Iterative depth-first search with colours, so a deep chain graph cannot overflow the stack.
        var state = new Dictionary<string, int>();
        foreach (var root in Table.Chains)
        {
            if (state.ContainsKey(root.Name))
            {
                continue;
            }
            var stack = new List<(string Name, int Next)> { (root.Name, 0) };
            state[root.Name] = 1;
            while (stack.Count > 0)
            {
                var (name, next) = stack[stack.Count - 1];
                var callees = _callees[name];
                if (next == callees.Length)
                {
                    state[name] = 2;
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }
                stack[stack.Count - 1] = (name, next + 1);
                string callee = callees[next];
                state.TryGetValue(callee, out int seen);
                if (seen == 1)
                {
                    var cycle = new List<string>();
                    int start = stack.FindIndex(frame => frame.Name == callee);
                    for (int i = start; i < stack.Count; i++)
                    {
                        cycle.Add(stack[i].Name);
                    }
                    cycle.Add(callee);
                    return cycle;
                }
                if (seen == 0)
                {
                    state[callee] = 1;
                    stack.Add((callee, 0));
                }
            }
        }
        return null;
    }

    private string[] FindCallees(Chain chain)
    {
        List<string>? callees = null;
        HashSet<string>? seen = null;
        foreach (var rule in chain.Rules)
        {
            if (rule.Target is JumpTarget jump && _chains.ContainsKey(jump.Chain))
            {
                callees ??= new List<string>();
                seen ??= new HashSet<string>();
                if (seen.Add(jump.Chain))
                {
                    callees.Add(jump.Chain);
                }
            }
        }
        return callees?.ToArray() ?? NoCallees;
    }

    /// <summary>Breadth first from a hook's chain, so the parent links give shortest paths.</summary>
    private void Spread(Hook hook, Chain start)
    {
        var parents = new Dictionary<string, string>();
        _parents.Add(hook, parents);
        var queue = new Queue<string>();
        queue.Enqueue(start.Name);
        while (queue.Count > 0)
        {
            string name = queue.Dequeue();
            _hookMasks.TryGetValue(name, out int mask);
            _hookMasks[name] = mask | (1 << (int)hook);
            foreach (string callee in _callees[name])
            {
                // A chain is queued once: the start has no parent, every other reached chain has one.
                if (!_chains[callee].IsBuiltin && callee != start.Name && !parents.ContainsKey(callee))
                {
                    parents.Add(callee, name);
                    queue.Enqueue(callee);
                }
            }
        }
    }
}
