using System.Collections.Generic;
using System.Linq;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// Packets that took one path so far: the arriving packets (not rewritten: a witness is what was sent), what the
/// path did to them, the rules that decided at each stage, and whether an opaque match (random, limit…) was
/// assumed on the way, so that they only may take this path.
/// </summary>
public sealed class FlowState
{
    public FlowState(PacketSet region, PacketRewrite rewrite, bool uncertain, IReadOnlyList<RuleRef> trail)
    {
        Region = region;
        Rewrite = rewrite;
        Uncertain = uncertain;
        Trail = trail;
    }

    public PacketSet Region { get; }

    public PacketRewrite Rewrite { get; }

    public bool Uncertain { get; }

    public IReadOnlyList<RuleRef> Trail { get; }

    public FlowState WithRegion(PacketSet region, bool uncertain) => new(region, Rewrite, uncertain, Trail);

    public FlowState WithRewrite(PacketRewrite rewrite) => new(Region, rewrite, Uncertain, Trail);

    public FlowState Deciding(RuleRef rule) => new(Region, Rewrite, Uncertain, Trail.Concat(new[] { rule }).ToArray());

    public bool SamePath(FlowState other) =>
        Uncertain == other.Uncertain && Rewrite.Equals(other.Rewrite) && Trail.SequenceEqual(other.Trail);

    /// <summary>
    /// Joins states that took the same path by concatenating their boxes. Certain states partition the packets,
    /// so their boxes stay disjoint; uncertain ones may overlap, which every set operation allows (an exact union
    /// here would cost a subtraction per box pair, quadratic on large chains).
    /// </summary>
    public static List<FlowState> Merge(List<FlowState> states)
    {
        if (states.Count < 2)
        {
            return states;
        }
        var merged = new List<FlowState>();
        foreach (var state in states)
        {
            int index = merged.FindIndex(m => m.SamePath(state));
            if (index < 0)
            {
                merged.Add(state);
                continue;
            }
            var into = merged[index];
            var region = new PacketSet(into.Region.Boxes.Concat(state.Region.Boxes).ToArray());
            merged[index] = into.WithRegion(region, into.Uncertain);
        }
        return merged;
    }
}
