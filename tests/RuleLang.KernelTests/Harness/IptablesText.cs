using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace RuleLang.KernelTests.Harness;

/// <summary>Normalisation of iptables-restore input / iptables-save output for comparison.</summary>
public static class IptablesText
{
    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.CultureInvariant);
    private static readonly Regex LeadingCounters = new(@"^\[\d+:\d+\]\s*", RegexOptions.CultureInvariant);

    /// <summary>
    /// Canonical rule lines of an iptables-restore/-save text: for each table (sorted by name) the line
    /// <c>*table</c>, then <c>:CHAIN POLICY</c> for every declared chain (sorted; counters dropped; user chains have
    /// policy <c>-</c>), then the <c>-A</c> lines grouped per chain (chains sorted, rule order within a chain kept).
    /// Comments, blank lines, <c>COMMIT</c> and <c>[pkts:bytes]</c> counters are ignored and runs of whitespace are
    /// collapsed. Equal results mean the same tables, chains, policies and per-chain rule lists.
    /// Lines other than <c>-A</c> inside a table (e.g. <c>-I</c>, <c>-N</c>) are kept, in order, after the chains.
    /// </summary>
    public static IReadOnlyList<string> RuleLines(string saveOrRestoreText)
    {
        var tables = new SortedDictionary<string, TableLines>(StringComparer.Ordinal);
        TableLines? current = null;
        foreach (string raw in saveOrRestoreText.Split('\n'))
        {
            string line = Whitespace.Replace(raw, " ").Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line == "COMMIT")
            {
                current = null;
                continue;
            }

            if (line.StartsWith('*'))
            {
                string name = line.Substring(1).Trim();
                if (!tables.TryGetValue(name, out current))
                {
                    current = new TableLines();
                    tables[name] = current;
                }

                continue;
            }

            if (current is null)
            {
                throw new FormatException($"line outside of a *table section: '{raw}'");
            }

            line = LeadingCounters.Replace(line, "");
            if (line.StartsWith(':'))
            {
                string[] parts = line.Substring(1).Split(' ');
                current.Policies[parts[0]] = parts.Length > 1 ? parts[1] : "-";
            }
            else if (line.StartsWith("-A ", StringComparison.Ordinal) || line.StartsWith("--append ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ', 3);
                string chain = parts.Length > 1 ? parts[1] : "";
                if (!current.Rules.TryGetValue(chain, out List<string>? rules))
                {
                    rules = new List<string>();
                    current.Rules[chain] = rules;
                }

                rules.Add(line);
            }
            else
            {
                current.Other.Add(line);
            }
        }

        var result = new List<string>();
        foreach ((string table, TableLines lines) in tables)
        {
            result.Add("*" + table);
            result.AddRange(lines.Policies.Select(kv => $":{kv.Key} {kv.Value}"));
            result.AddRange(lines.Rules.Values.SelectMany(r => r));
            result.AddRange(lines.Other);
        }

        return result;
    }

    private sealed class TableLines
    {
        public SortedDictionary<string, string> Policies { get; } = new(StringComparer.Ordinal);

        public SortedDictionary<string, List<string>> Rules { get; } = new(StringComparer.Ordinal);

        public List<string> Other { get; } = new();
    }
}
