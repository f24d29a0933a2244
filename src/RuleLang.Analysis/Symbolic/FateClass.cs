using System.Collections.Generic;
using System.Linq;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// Arriving packets that share one set of possible fates (one fate, unless a random match splits them) and the
/// rules that give them.
/// </summary>
public sealed record FateClass(PacketSet Region, IReadOnlyCollection<FlowFate> Fates, IReadOnlyCollection<RuleRef> Rules, bool Uncertain)
{
    public bool SameFates(FateClass other) => Fates.Count == other.Fates.Count && Fates.All(other.Fates.Contains);

    public string Describe() => string.Join(" or ", Fates.Select(f => f.ToString()).OrderBy(f => f, System.StringComparer.Ordinal));

    /// <summary>
    /// The partition of the outcomes' packets into classes with one set of fates. Certain outcomes are disjoint
    /// and become classes as they are; uncertain ones are cut against the classes they overlap.
    /// </summary>
    public static IReadOnlyList<FateClass> Partition(IEnumerable<FlowOutcome> outcomes)
    {
        var classes = new List<FateClass>();
        foreach (var outcome in outcomes.OrderBy(o => o.Uncertain))
        {
            var fate = outcome.Fate;
            var rules = outcome.ResponsibleRules.ToArray();
            if (!outcome.Uncertain)
            {
                classes.Add(new FateClass(outcome.Region, new[] { fate }, rules, false));
                continue;
            }
            var remaining = outcome.Region;
            var next = new List<FateClass>(classes.Count + 2);
            foreach (var existing in classes)
            {
                if (!existing.Region.Overlaps(outcome.Region))
                {
                    next.Add(existing);
                    continue;
                }
                var common = existing.Region.Intersect(outcome.Region);
                var rest = existing.Region.Subtract(outcome.Region);
                next.Add(new FateClass(common, existing.Fates.Union(new[] { fate }).ToArray(), existing.Rules.Union(rules).ToArray(), true));
                if (!rest.IsEmpty)
                {
                    next.Add(existing with { Region = rest });
                }
                remaining = remaining.Subtract(existing.Region);
            }
            if (!remaining.IsEmpty)
            {
                next.Add(new FateClass(remaining, new[] { fate }, rules, true));
            }
            classes = next;
        }
        return classes;
    }
}
