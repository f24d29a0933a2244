using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace RuleLang.KernelTests.Harness;

/// <summary>One rule of a loaded table with its packet and byte counters, as <c>iptables-save -c</c> prints it.</summary>
public sealed record RuleCounter(string Table, string Rule, long Packets, long Bytes)
{
    public override string ToString() => $"[{Packets}:{Bytes}] {Rule}";
}

/// <summary>Reads per-rule counters of a namespace's tables (read-only: <c>iptables-save -c -t TABLE</c>).</summary>
public static class IptablesCounters
{
    private static readonly Regex CounterLine = new(@"^\[(\d+):(\d+)\]\s+(-A\s.*)$", RegexOptions.CultureInvariant);
    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.CultureInvariant);

    /// <summary>Every <c>-A</c> rule of <paramref name="table"/>, in save order, with its counters.</summary>
    public static IReadOnlyList<RuleCounter> Read(NetNamespace ns, string table, IpFamily family = IpFamily.V4)
    {
        string tool = family == IpFamily.V6 ? "ip6tables-save" : "iptables-save";
        string save = ns.Exec($"{tool} -c -t {Shell.Quote(table)}").EnsureSuccess($"{tool} -c -t {table}").StdOut;
        var result = new List<RuleCounter>();
        foreach (string raw in save.Split('\n'))
        {
            Match m = CounterLine.Match(raw.Trim());
            if (m.Success)
            {
                result.Add(new RuleCounter(
                    table,
                    Normalize(m.Groups[3].Value),
                    long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                    long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
            }
        }

        return result;
    }

    /// <summary>
    /// Packet counter of the rule whose text (whitespace-normalised) is <paramref name="ruleLine"/>, e.g. a line
    /// copied from the loaded ruleset. Throws, listing the table's rules, when no rule or several rules match.
    /// </summary>
    public static long Packets(NetNamespace ns, string table, string ruleLine, IpFamily family = IpFamily.V4)
    {
        IReadOnlyList<RuleCounter> rules = Read(ns, table, family);
        string wanted = Normalize(ruleLine);
        RuleCounter[] hits = rules.Where(r => r.Rule == wanted).ToArray();
        if (hits.Length != 1)
        {
            throw new InvalidOperationException(
                $"expected exactly one rule '{wanted}' in table {table} of {ns.Name}, found {hits.Length}; the table has:\n"
                + string.Join("\n", rules));
        }

        return hits[0].Packets;
    }

    /// <summary>Human readable listing of a table with counters, for assertion messages.</summary>
    public static string Describe(NetNamespace ns, string table, IpFamily family = IpFamily.V4) =>
        $"{table} table of {ns.Name} with counters:\n" + string.Join("\n", Read(ns, table, family));

    private static string Normalize(string line) => Whitespace.Replace(line, " ").Trim();
}
