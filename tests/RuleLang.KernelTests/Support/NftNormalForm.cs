using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace RuleLang.KernelTests.Support;

/// <summary>
/// Brings an emitted nft script and `nft list table inet NAME` to one comparable form, one string per line:
/// the table block only (the script's header comments and its `table` / `delete table` preamble go), lines
/// trimmed and inner whitespace collapsed, blank lines and `# handle N` dropped. The back end already writes
/// what nft 1.0.6 prints (symbolic ICMP, DSCP and priority names, marks as 0x%08x, implied protocol tests left
/// out), so beyond whitespace only three differences remain, each a matter of printing, not of meaning:
/// <list type="number">
/// <item>an anonymous set or map the script spreads over several lines (one element a line) is printed on one;</item>
/// <item>nft prints the elements of a hashed set in its own order: elements within `{ … }` are sorted;</item>
/// <item>nft takes a `meta nfproto ipv4` just before `meta l4proto icmp` (`ipv6` before `ipv6-icmp`) for a
/// dependency it implies and does not print it, although the kernel holds the test: it is dropped on both sides.</item>
/// </list>
/// Everything else (order of chains, of rules within a chain, of statements within a rule) must be equal.
/// </summary>
internal static class NftNormalForm
{
    private static readonly Regex Spaces = new(@"\s+", RegexOptions.CultureInvariant);
    private static readonly Regex Handle = new(@"\s*# handle \d+$", RegexOptions.CultureInvariant);

    public static IReadOnlyList<string> TableLines(string text, string table)
    {
        var lines = new List<string>();
        bool inTable = false;
        StringBuilder? pending = null;
        foreach (string raw in text.Split('\n'))
        {
            string line = Spaces.Replace(Handle.Replace(raw, ""), " ").Trim();
            if (!inTable)
            {
                inTable = line == $"table inet {table} {{";
                if (inTable)
                {
                    lines.Add(line);
                }
                continue;
            }
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (pending != null)
            {
                pending.Append(' ').Append(line);
                if (line.StartsWith('}'))
                {
                    lines.Add(Normalise(pending.ToString()));
                    pending = null;
                }
                continue;
            }
            if (line.EndsWith('{') && !line.StartsWith("chain ", StringComparison.Ordinal) && !line.StartsWith("table ", StringComparison.Ordinal))
            {
                pending = new StringBuilder(line);
                continue;
            }
            lines.Add(Normalise(line));
            if (line == "}" && lines.Count > 1 && Depth(lines) == 0)
            {
                break;
            }
        }
        return lines;
    }

    private static int Depth(List<string> lines)
    {
        int depth = 0;
        foreach (string l in lines)
        {
            if (l.EndsWith('{'))
            {
                depth++;
            }
            else if (l == "}")
            {
                depth--;
            }
        }
        return depth;
    }

    private static string Normalise(string line)
    {
        line = line.Replace("meta nfproto ipv4 meta l4proto icmp", "meta l4proto icmp", StringComparison.Ordinal)
            .Replace("meta nfproto ipv6 meta l4proto ipv6-icmp", "meta l4proto ipv6-icmp", StringComparison.Ordinal);
        return SortSetElements(line);
    }

    /// <summary>`{ b, a }` → `{ a, b }`, outside quoted strings; "a, b" inside a comment stays one element.</summary>
    private static string SortSetElements(string line)
    {
        var output = new StringBuilder();
        int i = 0;
        while (i < line.Length)
        {
            char c = line[i];
            if (c == '"')
            {
                int close = line.IndexOf('"', i + 1);
                output.Append(line, i, close - i + 1);
                i = close + 1;
                continue;
            }
            if (c != '{')
            {
                output.Append(c);
                i++;
                continue;
            }
            var elements = new List<string>();
            var current = new StringBuilder();
            int j = i + 1;
            for (; j < line.Length && line[j] != '}'; j++)
            {
                if (line[j] == '"')
                {
                    int close = line.IndexOf('"', j + 1);
                    current.Append(line, j, close - j + 1);
                    j = close;
                }
                else if (line[j] == ',')
                {
                    elements.Add(current.ToString().Trim());
                    current.Clear();
                }
                else
                {
                    current.Append(line[j]);
                }
            }
            elements.Add(current.ToString().Trim());
            output.Append("{ ").Append(string.Join(", ", elements.Where(e => e.Length > 0).OrderBy(e => e, StringComparer.Ordinal))).Append(" }");
            i = j + 1;
        }
        return output.ToString();
    }
}
