using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace RuleLang.Testing;

/// <summary>
/// kube-proxy's nftables unit tests compare transactions written as one <c>add …</c> command a line (knftables'
/// dump form). This turns our <c>nft -f</c> script into that form and brings both sides to one spelling, so that
/// the upstream golden cases (Kube/Upstream/nft) compare line for line. Each step only rewrites what the kernel
/// stores identically; <c>UpstreamNftKernelTests</c> loads both forms of a case and compares <c>nft list ruleset</c>.
/// <list type="number">
/// <item>Block form to <c>add</c> lines: a table only declared and deleted (the script's flush preamble, a family
/// without services) leaves nothing in the kernel and gives no line; a filled table gives its <c>add table</c>,
/// <c>add set</c>/<c>add map</c>, <c>add element</c> per element, <c>add chain</c> and <c>add rule</c> lines.</item>
/// <item>Base chain priorities as numbers (<c>filter</c> 0, <c>dstnat</c> -100, <c>srcnat</c> 100, <c>dstnat - 10</c>
/// -110), and <c>policy accept</c> left out: it is the default kube-proxy relies on.</item>
/// <item>Set timeouts in seconds (<c>3h</c> is <c>10800s</c>).</item>
/// <item>Anonymous verdict map elements joined by " , ", as knftables writes them, not one a line.</item>
/// <item>kube-proxy's mark arithmetic (<c>mark set mark or 0x4000</c>, <c>mark and 0x4000 == 0</c>,
/// <c>mark set mark xor 0x4000</c>) in the spelling nft lists it in (<c>meta mark set meta mark | 0x00004000</c>, …).</item>
/// </list>
/// Then <see cref="SortLikeKubeProxy"/> applies kube-proxy's own normalisation (sortNFTablesTransaction in
/// pkg/proxy/nftables/helpers_test.go) to both sides.
/// </summary>
public static class KubeProxyNftForm
{
    private static readonly Regex MarkOr = new(@"\bmark set mark or (0x[0-9a-fA-F]+)", RegexOptions.CultureInvariant);
    private static readonly Regex MarkXor = new(@"\bmark set mark xor (0x[0-9a-fA-F]+)", RegexOptions.CultureInvariant);
    private static readonly Regex MarkAnd = new(@"\bmark and (0x[0-9a-fA-F]+) == (0x[0-9a-fA-F]+|\d+)", RegexOptions.CultureInvariant);
    private static readonly Regex BaseChain = new(@"^type (\w+) hook (\w+) priority (.+?); policy accept;$", RegexOptions.CultureInvariant);

    /// <summary>Our nft script as <c>add</c> lines, in the order the script declares things.</summary>
    public static string FromScript(string script)
    {
        var output = new StringBuilder();
        var lines = script.Replace("\r\n", "\n").Split('\n');
        string? family = null, table = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (table == null)
            {
                var words = line.Split(' ');
                if (words.Length == 4 && words[0] == "table" && words[3] == "{")
                {
                    (family, table) = (words[1], words[2]);
                }
                continue;
            }
            if (line == "}")
            {
                table = null;
                continue;
            }
            string prefix = family + " " + table;
            if (line.StartsWith("comment ", StringComparison.Ordinal))
            {
                output.Append("add table ").Append(prefix).Append(" { ").Append(line).Append(" ; }\n");
            }
            else if (line.EndsWith(" {", StringComparison.Ordinal))
            {
                var head = line.Split(' ');
                i = head[0] == "chain" ? Chain(lines, i + 1, prefix, head[1], output) : Set(lines, i + 1, prefix, head[0], head[1], output);
            }
        }
        return output.ToString();
    }

    /// <summary>kube-proxy's spelling of the masquerade mark arithmetic, as nft lists it.</summary>
    public static string NftSpelling(string addLines)
    {
        string text = MarkOr.Replace(addLines, m => "meta mark set meta mark | " + Hex32(m.Groups[1].Value));
        text = MarkXor.Replace(text, m => "meta mark set meta mark ^ " + Hex32(m.Groups[1].Value));
        return MarkAnd.Replace(text, m => $"meta mark & {Hex32(m.Groups[1].Value)} == {Hex32(m.Groups[2].Value)}");
    }

    /// <summary>
    /// kube-proxy's test normalisation: blank lines and # comments dropped, then a stable sort by object type
    /// (table, chain, rule, set, map, element), then object name; rules keep their order within a chain, other
    /// lines of one object are ordered as text.
    /// </summary>
    public static IReadOnlyList<string> SortLikeKubeProxy(string addLines)
    {
        var lines = addLines.Replace("\r\n", "\n").Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select((line, index) => (Line: line, Index: index, Words: line.Split(' ')))
            .ToList();
        return lines
            .OrderBy(l => -Rank(l.Words))
            .ThenBy(l => l.Words.Length >= 5 ? l.Words[4] : "", StringComparer.Ordinal)
            .ThenBy(l => l.Words.Length >= 5 && l.Words[1] == "rule" ? "" : l.Line, StringComparer.Ordinal)
            .ThenBy(l => l.Index)
            .Select(l => l.Line)
            .ToArray();
    }

    /// <summary>The same lines in an order <c>nft -f</c> can load: what a line names exists before the line.</summary>
    public static string LoadOrder(string addLines)
    {
        string[] order = { "table", "set", "map", "chain", "rule", "element" };
        var lines = addLines.Replace("\r\n", "\n").Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToArray();
        return string.Join("\n", lines.Select((l, i) => (l, i))
            .OrderBy(x => Array.IndexOf(order, x.l.Split(' ')[1]))
            .ThenBy(x => x.i)
            .Select(x => x.l)) + "\n";
    }

    private static int Rank(string[] words) => words.Length < 5 ? 0 : words[1] switch
    {
        "table" => 10,
        "chain" => 9,
        "rule" => 8,
        "set" => 7,
        "map" => 6,
        "element" => 5,
        _ => 0,
    };

    private static int Chain(string[] lines, int i, string prefix, string name, StringBuilder output)
    {
        var rules = new List<string>();
        string? properties = null;
        for (; lines[i].Trim() != "}"; i++)
        {
            string line = lines[i].Trim();
            if (BaseChain.Match(line) is { Success: true } m)
            {
                properties = $"type {m.Groups[1].Value} hook {m.Groups[2].Value} priority {Priority(m.Groups[3].Value)} ;";
            }
            else if (line.StartsWith("comment ", StringComparison.Ordinal))
            {
                properties = line + " ;";
            }
            else if (line.EndsWith(" {", StringComparison.Ordinal))
            {
                // An anonymous verdict map, one element a line, closed by a line of its own.
                var elements = new List<string>();
                for (i++; lines[i].Trim() != "}"; i++)
                {
                    elements.Add(lines[i].Trim().TrimEnd(','));
                }
                rules.Add(line + " " + string.Join(" , ", elements) + " }");
            }
            else
            {
                rules.Add(line);
            }
        }
        output.Append("add chain ").Append(prefix).Append(' ').Append(name);
        output.Append(properties == null ? "\n" : " { " + properties + " }\n");
        foreach (string rule in rules)
        {
            output.Append("add rule ").Append(prefix).Append(' ').Append(name).Append(' ').Append(rule).Append('\n');
        }
        return i;
    }

    private static int Set(string[] lines, int i, string prefix, string kind, string name, StringBuilder output)
    {
        var properties = new List<string>();
        var elements = new StringBuilder();
        for (; lines[i].Trim() != "}"; i++)
        {
            string line = lines[i].Trim();
            if (line.StartsWith("elements = { ", StringComparison.Ordinal))
            {
                elements.Append(line, "elements = { ".Length, line.Length - "elements = { ".Length);
                while (!line.EndsWith(" }", StringComparison.Ordinal))
                {
                    line = lines[++i].Trim();
                    elements.Append(' ').Append(line);
                }
                elements.Length -= 2;
            }
            else if (line.StartsWith("timeout ", StringComparison.Ordinal))
            {
                properties.Add("timeout " + Seconds(line.Substring("timeout ".Length)) + "s");
            }
            else
            {
                properties.Add(line);
            }
        }
        output.Append("add ").Append(kind).Append(' ').Append(prefix).Append(' ').Append(name)
            .Append(" { ").Append(string.Join(" ; ", properties)).Append(" ; }\n");
        foreach (string element in SplitElements(elements.ToString()))
        {
            output.Append("add element ").Append(prefix).Append(' ').Append(name).Append(" { ").Append(element).Append(" }\n");
        }
        return i;
    }

    /// <summary>Elements split at the commas between them (a comma inside a quoted comment is not one).</summary>
    private static IEnumerable<string> SplitElements(string text)
    {
        bool quoted = false;
        int start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && !quoted))
            {
                string element = text.Substring(start, i - start).Trim();
                if (element.Length > 0)
                {
                    yield return element;
                }
                start = i + 1;
            }
            else if (text[i] == '"')
            {
                quoted = !quoted;
            }
        }
    }

    private static string Priority(string text) => text switch
    {
        "raw" => "-300",
        "mangle" => "-150",
        "dstnat" => "-100",
        "filter" => "0",
        "security" => "50",
        "srcnat" => "100",
        _ when text.StartsWith("dstnat - ", StringComparison.Ordinal) => (-100 - int.Parse(text.Substring(9), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture),
        _ when text.StartsWith("dstnat + ", StringComparison.Ordinal) => (-100 + int.Parse(text.Substring(9), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture),
        _ => text,
    };

    private static string Seconds(string duration)
    {
        long total = 0;
        foreach (Match part in Regex.Matches(duration, @"(\d+)([dhms])"))
        {
            long value = long.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += value * part.Groups[2].Value switch { "d" => 86400, "h" => 3600, "m" => 60, _ => 1 };
        }
        return total.ToString(CultureInfo.InvariantCulture);
    }

    private static string Hex32(string value)
    {
        uint number = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.Parse(value.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : uint.Parse(value, CultureInfo.InvariantCulture);
        return "0x" + number.ToString("x8", CultureInfo.InvariantCulture);
    }
}
