using System.Collections.Generic;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// What a walk saw of each rule: the packets that reached it and matched it, and the states that entered each
/// chain. The shadowing analysis reads it after walking every built-in chain.
/// </summary>
public sealed class RuleVisits
{
    private readonly Dictionary<(TableKind, string, Rule), PacketSet> _matched = new(new RuleKeyComparer());
    private readonly Dictionary<(TableKind, string), List<FlowState>> _entries = new();

    public void Entered(TableKind table, string chain, IEnumerable<FlowState> states)
    {
        if (!_entries.TryGetValue((table, chain), out var list))
        {
            _entries[(table, chain)] = list = new List<FlowState>();
        }
        list.AddRange(states);
    }

    public void Matched(RuleRef rule, PacketSet matched)
    {
        var key = (rule.Table, rule.Chain, rule.Rule!);
        _matched[key] = _matched.TryGetValue(key, out var before) ? new PacketSet(Concat(before, matched)) : matched;
    }

    public IReadOnlyList<FlowState> EntriesOf(TableKind table, string chain) =>
        _entries.TryGetValue((table, chain), out var list) ? list : (IReadOnlyList<FlowState>)System.Array.Empty<FlowState>();

    /// <summary>The packets that reached the rule and matched it, as boxes that may overlap; null when it was never reached.</summary>
    public PacketSet? MatchedAt(TableKind table, string chain, Rule rule) =>
        _matched.TryGetValue((table, chain, rule), out var set) ? set : null;

    private static PacketBox[] Concat(PacketSet a, PacketSet b)
    {
        var boxes = new PacketBox[a.Boxes.Count + b.Boxes.Count];
        for (int i = 0; i < a.Boxes.Count; i++)
        {
            boxes[i] = a.Boxes[i];
        }
        for (int i = 0; i < b.Boxes.Count; i++)
        {
            boxes[a.Boxes.Count + i] = b.Boxes[i];
        }
        return boxes;
    }

    /// <summary>Rules by identity: two rules written alike in one chain are still two rules.</summary>
    private sealed class RuleKeyComparer : IEqualityComparer<(TableKind, string, Rule)>
    {
        public bool Equals((TableKind, string, Rule) x, (TableKind, string, Rule) y) =>
            x.Item1 == y.Item1 && x.Item2 == y.Item2 && ReferenceEquals(x.Item3, y.Item3);

        public int GetHashCode((TableKind, string, Rule) key) =>
            (((int)key.Item1 * 397) ^ key.Item2.GetHashCode()) ^ System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Item3);
    }
}
