using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// What changes for traffic between two versions of a policy: every packet that opens a connection (state NEW,
/// mark 0, any interface) is run through both, incoming (PREROUTING, then INPUT or FORWARD), and the regions whose
/// fate differs are reported as compact ranges with the rules responsible on each side.
/// </summary>
public static class SemanticDiff
{
    /// <param name="families">
    /// The families to compare; by default those either side emits a ruleset for. A side read from one family's
    /// dump says nothing of the other family, so a caller comparing it passes that family alone.
    /// </param>
    public static IReadOnlyList<FlowChange> Compare(Policy oldLowered, Policy newLowered, AnalysisBudget budget, IncomingOptions? options = null, IReadOnlyList<IpFamily>? families = null)
    {
        var universe = PacketUniverse.For(new[] { oldLowered, newLowered });
        families ??= new PolicyAnalysis(oldLowered, universe).Families.Union(new PolicyAnalysis(newLowered, universe).Families).OrderBy(f => f).ToArray();
        var before = new PolicyAnalysis(oldLowered, universe, families);
        var after = new PolicyAnalysis(newLowered, universe, families);
        var arriving = before.Arriving();
        var oldClasses = FateClass.Partition(before.Incoming(arriving, budget, options));
        var newClasses = FateClass.Partition(after.Incoming(arriving, budget, options));

        // One entry per kind, family, fates and rules on each side, so that each row names only its own rules.
        var changes = new Dictionary<(string Kind, IpFamily Family, string Before, string After, string Rules), (List<PacketBox> Boxes, HashSet<RuleRef> BeforeRules, HashSet<RuleRef> AfterRules)>();
        foreach (var oldClass in oldClasses)
        {
            foreach (var newClass in newClasses)
            {
                if (oldClass.SameFates(newClass) || !oldClass.Region.Overlaps(newClass.Region))
                {
                    continue;
                }
                var region = oldClass.Region.Intersect(newClass.Region);
                budget.Charge(region.Boxes.Count);
                foreach (var family in region.Boxes.Select(b => b.Family).Distinct())
                {
                    string rules = string.Join(";", Order(oldClass.Rules)) + "|" + string.Join(";", Order(newClass.Rules));
                    var key = (Kind(oldClass, newClass), family, oldClass.Describe(), newClass.Describe(), rules);
                    if (!changes.TryGetValue(key, out var change))
                    {
                        changes[key] = change = (new List<PacketBox>(), new HashSet<RuleRef>(), new HashSet<RuleRef>());
                    }
                    change.Boxes.AddRange(region.Boxes.Where(b => b.Family == family));
                    change.BeforeRules.UnionWith(oldClass.Rules);
                    change.AfterRules.UnionWith(newClass.Rules);
                }
            }
        }
        var result = new List<FlowChange>();
        foreach (var entry in changes.OrderBy(c => KindOrder(c.Key.Kind)).ThenBy(c => c.Key.Family))
        {
            foreach (var box in new PacketSet(entry.Value.Boxes).Compact().Boxes)
            {
                result.Add(new FlowChange(entry.Key.Kind, entry.Key.Family, RegionText.Of(box, universe), entry.Key.Before, entry.Key.After,
                    Order(entry.Value.BeforeRules), Order(entry.Value.AfterRules), box));
            }
        }
        return result;
    }

    public static string RenderText(IReadOnlyList<FlowChange> changes)
    {
        if (changes.Count == 0)
        {
            return "no flow changes its fate\n";
        }
        var text = new StringBuilder();
        foreach (var change in changes)
        {
            text.Append(change.Kind).Append(": ").Append(Family(change)).Append(change.Region).Append('\n');
            text.Append("    before: ").Append(change.Before).Append(Rules(change.BeforeRules)).Append('\n');
            text.Append("    after:  ").Append(change.After).Append(Rules(change.AfterRules)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A pull-request comment: a heading with the count, then one table row per flow.</summary>
    public static string RenderMarkdown(IReadOnlyList<FlowChange> changes)
    {
        var text = new StringBuilder("### Traffic changes\n\n");
        if (changes.Count == 0)
        {
            return text.Append("No flow changes its fate.\n").ToString();
        }
        text.Append(changes.Count == 1 ? "1 flow changes its fate.\n\n" : changes.Count + " flows change their fate.\n\n");
        text.Append("| change | flow | before | after |\n|---|---|---|---|\n");
        foreach (var change in changes)
        {
            text.Append("| ").Append(change.Kind)
                .Append(" | `").Append(Family(change)).Append(change.Region.ToString().Replace("|", "\\|")).Append('`')
                .Append(" | ").Append(Cell(change.Before, change.BeforeRules))
                .Append(" | ").Append(Cell(change.After, change.AfterRules)).Append(" |\n");
        }
        return text.ToString();
    }

    private static string Family(FlowChange change) => change.Family == IpFamily.IPv6 ? "ipv6 " : "";

    private static string Cell(string fate, IReadOnlyList<RuleRef> rules) =>
        (fate + "<br>" + string.Join("<br>", rules.Select(r => r.ToString()))).Replace("|", "\\|");

    private static string Rules(IReadOnlyList<RuleRef> rules) => rules.Count == 0 ? "" : " by " + string.Join(", ", rules.Select(r => r.ToString()));

    private static IReadOnlyList<RuleRef> Order(IEnumerable<RuleRef> rules) =>
        rules.OrderBy(r => r.Table).ThenBy(r => r.Chain, System.StringComparer.Ordinal).ThenBy(r => r.IsPolicy ? int.MaxValue : r.Position).ToArray();

    private static string Kind(FateClass before, FateClass after)
    {
        bool wasAccepted = before.Fates.Any(f => f.Verdict == FinalVerdict.Accept);
        bool isAccepted = after.Fates.Any(f => f.Verdict == FinalVerdict.Accept);
        if (!wasAccepted && isAccepted)
        {
            return "newly accepted";
        }
        if (wasAccepted && !isAccepted)
        {
            return "newly dropped";
        }
        bool sameVerdicts = new HashSet<(FinalVerdict, Delivery)>(before.Fates.Select(f => (f.Verdict, f.Delivery))).SetEquals(after.Fates.Select(f => (f.Verdict, f.Delivery)));
        return sameVerdicts ? "NAT target changed" : "changed";
    }

    private static int KindOrder(string kind) => kind switch
    {
        "newly accepted" => 0,
        "newly dropped" => 1,
        "NAT target changed" => 2,
        _ => 3,
    };
}
