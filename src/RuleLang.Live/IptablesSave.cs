using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace RuleLang.Live;

/// <summary>
/// The text iptables-save prints and iptables-restore reads, as tables: `*name`, chain lines, rules, `COMMIT`.
/// Pure functions only: which tables a ruleset names, one table's block out of a whole save, an empty table, and
/// the normal form status compares (what the kernel changes on its own taken out).
/// </summary>
public static class IptablesSave
{
    /// <summary>The built-in chains of each table, as a freshly created table holds them (policy ACCEPT).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> BuiltinChains = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["filter"] = new[] { "INPUT", "FORWARD", "OUTPUT" },
        ["nat"] = new[] { "PREROUTING", "INPUT", "OUTPUT", "POSTROUTING" },
        ["mangle"] = new[] { "PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING" },
        ["raw"] = new[] { "PREROUTING", "OUTPUT" },
        ["security"] = new[] { "INPUT", "FORWARD", "OUTPUT" },
    };

    private static readonly Regex Counters = new(@"\[\d+:\d+\]", RegexOptions.CultureInvariant);

    /// <summary>The tables a ruleset (or a save) names, in order: its `*name` lines.</summary>
    public static IReadOnlyList<string> TableNames(string text) =>
        Lines(text).Where(l => l.StartsWith('*')).Select(l => l.Substring(1).Trim()).Distinct().ToArray();

    /// <summary>Each table's block, `*name` to `COMMIT` (comment lines left out), by name.</summary>
    public static IReadOnlyDictionary<string, string> Tables(string text)
    {
        var tables = new Dictionary<string, string>(StringComparer.Ordinal);
        StringBuilder? block = null;
        string? name = null;
        foreach (string line in Lines(text))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith('*'))
            {
                name = line.Substring(1).Trim();
                block = new StringBuilder();
            }
            if (block is null)
            {
                continue;
            }
            block.Append(line).Append('\n');
            if (line == "COMMIT")
            {
                tables[name!] = block.ToString();
                block = null;
            }
        }
        return tables;
    }

    /// <summary>The blocks of the named tables that the save holds, in the order asked.</summary>
    public static string Select(string save, IEnumerable<string> tables)
    {
        var blocks = Tables(save);
        var text = new StringBuilder();
        foreach (string table in tables)
        {
            if (blocks.TryGetValue(table, out string? block))
            {
                text.Append(block);
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// The named tables as the kernel runs them: a table the save lacks does not exist, which for traffic is the
    /// same as an empty one (every built-in chain accepts), so it is given as that.
    /// </summary>
    public static string SelectOrEmpty(string save, IEnumerable<string> tables)
    {
        var blocks = Tables(save);
        return string.Concat(tables.Select(t => blocks.TryGetValue(t, out string? block) ? block : EmptyTable(t)));
    }

    /// <summary>A table as the kernel creates it: its built-in chains, policy ACCEPT, no rule.</summary>
    public static string EmptyTable(string table)
    {
        var text = new StringBuilder("*").Append(table).Append('\n');
        foreach (string chain in BuiltinChains.TryGetValue(table, out var chains) ? chains : Array.Empty<string>())
        {
            text.Append(':').Append(chain).Append(" ACCEPT [0:0]\n");
        }
        return text.Append("COMMIT\n").ToString();
    }

    /// <summary>
    /// The form status compares, of the named tables only: comments and counters gone, tables by name, chain
    /// lines sorted (iptables-save lists built-in chains first, a ruleset may not), rules in their order.
    /// </summary>
    public static string NormalForm(string text, IEnumerable<string> tables)
    {
        var blocks = Tables(text);
        var form = new StringBuilder();
        foreach (string table in tables.Distinct().OrderBy(t => t, StringComparer.Ordinal))
        {
            if (!blocks.TryGetValue(table, out string? block))
            {
                form.Append('*').Append(table).Append(" (absent)\n");
                continue;
            }
            var lines = Lines(block).Where(l => l.Length > 0).Select(l => Counters.Replace(l, "[0:0]")).ToList();
            // iptables-save -c writes a rule's counters before it: "[0:0] -A INPUT …".
            lines = lines.Select(l => l.StartsWith("[0:0] -", StringComparison.Ordinal) ? l.Substring(6) : l).ToList();
            form.Append(lines[0]).Append('\n');
            foreach (string chain in lines.Where(l => l.StartsWith(':')).OrderBy(l => l, StringComparer.Ordinal))
            {
                form.Append(chain).Append('\n');
            }
            foreach (string rule in lines.Skip(1).Where(l => !l.StartsWith(':')))
            {
                form.Append(rule).Append('\n');
            }
        }
        return form.ToString();
    }

    /// <summary>True for the nf_tables build of iptables (`iptables v1.8.9 (nf_tables)`), whose tables are nft tables.</summary>
    public static bool IsNfTablesVariant(string versionOutput) => versionOutput.Contains("(nf_tables)", StringComparison.Ordinal);

    private static IEnumerable<string> Lines(string text) => text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd());
}
