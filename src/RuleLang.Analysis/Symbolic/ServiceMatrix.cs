using System.Collections.Generic;
using System.Linq;
using System.Text;
using RuleLang.Model.Netfilter;

namespace RuleLang.Analysis.Symbolic;

/// <summary>
/// The partition of packet space by what a hook or a chain does: every packet that opens a connection (state
/// NEW, mark 0) falls in exactly one row of each certain verdict; rows marked "maybe" are reached only on some
/// draws of a random (or limit, nth, recent) match, so one packet may be in several of them.
/// </summary>
public static class ServiceMatrix
{
    /// <summary>The tables of one hook in priority order (INPUT: mangle, filter, security, nat).</summary>
    public static IReadOnlyList<MatrixRow> ForHook(PolicyAnalysis analysis, Hook hook, AnalysisBudget budget)
    {
        var outcomes = new List<FlowOutcome>();
        foreach (var family in analysis.Families)
        {
            var arriving = new PacketSet(new[] { analysis.Universe.Arriving(family) });
            outcomes.AddRange(IncomingPipeline.RunHook(analysis.Walker(family, budget), hook, arriving));
        }
        return Rows(analysis.Universe, outcomes.Select(o => (o.Family, o.Region, Verdict(o.Verdict, o.Nat), o.Decider, o.Uncertain)));
    }

    /// <summary>One chain (following its jumps); packets that come back from a built-in chain meet its policy.</summary>
    public static IReadOnlyList<MatrixRow> ForChain(PolicyAnalysis analysis, TableKind table, string chainName, AnalysisBudget budget)
    {
        var classes = new List<(IpFamily, PacketSet, string, RuleRef, bool)>();
        foreach (var family in analysis.Families)
        {
            var walker = analysis.Walker(family, budget);
            var chain = walker.Policy.FindTable(table)?.FindChain(chainName);
            if (chain is null)
            {
                continue;
            }
            var arriving = new PacketSet(new[] { analysis.Universe.Arriving(family) });
            var start = new FlowState(arriving, PacketRewrite.None, false, System.Array.Empty<RuleRef>());
            foreach (var exit in walker.Walk(table, chain, new[] { start }))
            {
                if (exit.Returned)
                {
                    var policy = new RuleRef(table, chain.Name, 0, null);
                    string verdict = chain.Policy is { } p ? (p == Model.Values.Verdict.Accept ? "ACCEPT" : "DROP") : "RETURN";
                    classes.Add((family, exit.State.Region, Verdict(verdict, exit.State.Rewrite.Nat), policy, exit.State.Uncertain));
                }
                else
                {
                    classes.Add((family, exit.State.Region, Verdict(exit.Verdict!.Value, exit.State.Rewrite.Nat), exit.Decider!, exit.State.Uncertain));
                }
            }
        }
        return Rows(analysis.Universe, classes);
    }

    public static string Render(IReadOnlyList<MatrixRow> rows)
    {
        bool families = rows.Select(r => r.Family).Distinct().Count() > 1;
        var header = new List<string>();
        if (families)
        {
            header.Add("family");
        }
        header.AddRange(new[] { "protocol", "source", "destination", "ports", "also", "verdict", "rule" });
        var table = new List<string[]> { header.ToArray() };
        foreach (var row in rows)
        {
            var cells = new List<string>();
            if (families)
            {
                cells.Add(row.Family == IpFamily.IPv4 ? "ipv4" : "ipv6");
            }
            cells.AddRange(new[]
            {
                row.Region.Protocol, row.Region.Source, row.Region.Destination, row.Region.Ports.Length == 0 ? "-" : row.Region.Ports,
                row.Region.Extra.Length == 0 ? "-" : row.Region.Extra, (row.Uncertain ? "maybe " : "") + row.Verdict, row.Decider.ToString(),
            });
            table.Add(cells.ToArray());
        }
        var widths = Enumerable.Range(0, header.Count).Select(c => table.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in table)
        {
            text.Append(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c])))).Append('\n');
        }
        return text.ToString();
    }

    private static string Verdict(FinalVerdict verdict, IReadOnlyList<NatAction> nat) => Verdict(verdict.ToString().ToUpperInvariant(), nat);

    private static string Verdict(string verdict, IReadOnlyList<NatAction> nat) =>
        nat.Count == 0 ? verdict : verdict + " (" + string.Join(", ", nat.Select(n => n.Description)) + ")";

    private static IReadOnlyList<MatrixRow> Rows(PacketUniverse universe, IEnumerable<(IpFamily Family, PacketSet Region, string Verdict, RuleRef Decider, bool Uncertain)> classes)
    {
        var rows = new List<MatrixRow>();
        foreach (var group in classes.GroupBy(c => (c.Family, c.Verdict, c.Decider, c.Uncertain)))
        {
            var region = new PacketSet(group.SelectMany(c => c.Region.Boxes).ToArray()).Compact();
            foreach (var box in region.Boxes)
            {
                rows.Add(new MatrixRow(group.Key.Family, RegionText.Of(box, universe), group.Key.Verdict, group.Key.Decider, group.Key.Uncertain));
            }
        }
        return rows
            .OrderBy(r => r.Family)
            .ThenBy(r => r.Decider.Table).ThenBy(r => r.Decider.Chain, System.StringComparer.Ordinal)
            .ThenBy(r => r.Decider.IsPolicy ? int.MaxValue : r.Decider.Position)
            .ThenBy(r => r.Region.ToString(), System.StringComparer.Ordinal)
            .ToArray();
    }
}
