using System;
using System.Collections.Generic;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Netfilter;

namespace RuleLang.SourceWriters;

/// <summary>
/// Finds where each unwritten line stood: before the first rule of its chain that came after it in the same
/// file, else at the end of its chain; a line whose chain is not in the policy goes to the end of its table, and
/// one without a table to the end of the file.
/// </summary>
internal sealed class UnwrittenPlacement
{
    private readonly Dictionary<(TableKind, string, int), List<UnwrittenLine>> _beforeRule = new();
    private readonly Dictionary<(TableKind, string), List<UnwrittenLine>> _chainEnd = new();
    private readonly Dictionary<TableKind, List<UnwrittenLine>> _tableEnd = new();
    private readonly List<UnwrittenLine> _fileEnd = new();

    public UnwrittenPlacement(Policy policy, IEnumerable<UnwrittenLine> lines)
    {
        foreach (var line in lines.OrderBy(l => l.Location.File, StringComparer.Ordinal).ThenBy(l => l.Location.Line))
        {
            var table = line.Table is { } kind ? policy.FindTable(kind) : null;
            if (table is null)
            {
                _fileEnd.Add(line);
                continue;
            }
            var chain = line.Chain is { } name ? table.FindChain(name) : null;
            if (chain is null)
            {
                Add(_tableEnd, table.Kind, line);
                continue;
            }
            int index = -1;
            for (int i = 0; i < chain.Rules.Count; i++)
            {
                var at = chain.Rules[i].Location;
                if (at.File == line.Location.File && at.Line > line.Location.Line)
                {
                    index = i;
                    break;
                }
            }
            if (index < 0)
            {
                Add(_chainEnd, (table.Kind, chain.Name), line);
            }
            else
            {
                Add(_beforeRule, (table.Kind, chain.Name, index), line);
            }
        }
    }

    public IReadOnlyList<UnwrittenLine> BeforeRule(TableKind table, string chain, int index) => Get(_beforeRule, (table, chain, index));

    public IReadOnlyList<UnwrittenLine> AtChainEnd(TableKind table, string chain) => Get(_chainEnd, (table, chain));

    public IReadOnlyList<UnwrittenLine> AtTableEnd(TableKind table) => Get(_tableEnd, table);

    public IReadOnlyList<UnwrittenLine> AtFileEnd => _fileEnd;

    /// <summary>The comment text for a line: where it was and what it said, with anything that could end the comment made visible.</summary>
    public static string Describe(UnwrittenLine line) =>
        $"not imported ({line.Location.File}:{line.Location.Line}): {CommentText.Clean(line.Text)}";

    private static void Add<TKey>(Dictionary<TKey, List<UnwrittenLine>> map, TKey key, UnwrittenLine line)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = new List<UnwrittenLine>();
            map.Add(key, list);
        }
        list.Add(line);
    }

    private static IReadOnlyList<UnwrittenLine> Get<TKey>(Dictionary<TKey, List<UnwrittenLine>> map, TKey key)
        where TKey : notnull =>
        map.TryGetValue(key, out var list) ? list : Array.Empty<UnwrittenLine>();
}
