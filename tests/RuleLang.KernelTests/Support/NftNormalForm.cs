using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace RuleLang.KernelTests.Support;

/// <summary>
/// Brings an emitted nft script and `nft list table FAMILY NAME` to one comparable form, one string per line:
/// the table block only (the script's header comments and its `table` / `delete table` preamble go), lines
/// trimmed and inner whitespace collapsed, blank lines and `# handle N` dropped. The back end already writes
/// what nft 1.0.6 prints (symbolic ICMP, DSCP and priority names, marks as 0x%08x, implied protocol tests left
/// out), so beyond whitespace only three differences remain, each a matter of printing, not of meaning:
/// <list type="number">
/// <item>an anonymous set or map the script spreads over several lines (one element a line) is printed on one;</item>
/// <item>nft prints the elements of a hashed set in its own order: elements within `{ … }` are sorted;</item>
/// <item>nft takes a leading `meta nfproto ipv4` (`ipv6`) for the dependency of a later expression or statement of
/// that family (`meta l4proto icmp`, `ip dscp set`, `reject with icmp`, `ip6 saddr`, …; other matches may stand
/// between) and does not print it, although the kernel holds the test where it was written (the back end puts it
/// first so that no other family's packet reaches a counter): it is dropped on both sides.</item>
/// <item>likewise a `meta l4proto tcp` (udp, sctp; `ipv6-icmp`) that a later `tcp dport`/`sport` (`icmpv6 type`)
/// of the same rule depends on is not printed, unless a `limit` stands between them (a statement, after which
/// nft no longer counts the test as that match's dependency). The back end writes the test first on purpose, so
/// that a packet of another protocol never reaches a counter or a random number: the kernel holds it there
/// (nft --debug=netlink shows it), only the listing leaves it out. It is dropped on both sides.</item>
/// <item>nft prints `meta mark &amp; M == V` with a mask M of leading ones as `meta mark V/len`: rewritten so.</item>
/// <item>nft gives a dynamic set (kube-proxy's affinity sets) the default `size 65535` and lists it: dropped.</item>
/// </list>
/// Everything else (order of chains, of rules within a chain, of statements within a rule) must be equal.
/// </summary>
internal static class NftNormalForm
{
    private static readonly Regex Spaces = new(@"\s+", RegexOptions.CultureInvariant);
    private static readonly Regex Handle = new(@"\s*# handle \d+$", RegexOptions.CultureInvariant);

    /// <param name="family">The table's family: inet for the policy's own table, ip and ip6 for the tables of its services.</param>
    public static IReadOnlyList<string> TableLines(string text, string table, string family = "inet")
    {
        var lines = new List<string>();
        bool inTable = false;
        StringBuilder? pending = null;
        foreach (string raw in text.Split('\n'))
        {
            string line = Spaces.Replace(Handle.Replace(raw, ""), " ").Trim();
            if (!inTable)
            {
                inTable = line == $"table {family} {table} {{";
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

    private static readonly Regex ProtocolTest = new(@"meta l4proto (tcp|udp|sctp|ipv6-icmp) ", RegexOptions.CultureInvariant);

    private static string Normalise(string line)
    {
        line = WithoutImpliedFamily(line, "ipv4", Ipv4Dependents);
        line = WithoutImpliedFamily(line, "ipv6", Ipv6Dependents);
        line = MarkPrefix.Replace(line, m =>
        {
            uint mask = Convert.ToUInt32(m.Groups[1].Value, 16);
            int len = System.Numerics.BitOperations.PopCount(mask);
            bool prefix = mask == 0 || (len is > 0 and < 32 && mask == 0xffffffffu << (32 - len));
            return prefix ? $"meta mark {(m.Groups[2].Value == "!=" ? "!= " : "")}{m.Groups[3].Value}/{len}" : m.Value;
        });
        return SortSetElements(WithoutDefaultSize(WithoutImpliedProtocol(line)));
    }

    /// <summary>nft gives a dynamic set written without a size its default one, and lists it (item 6).</summary>
    private static string WithoutDefaultSize(string line) =>
        line.Replace(" size 65535 flags dynamic", " flags dynamic", StringComparison.Ordinal);

    private static readonly Regex MarkPrefix = new(@"meta mark & (0x[0-9a-f]{8}) (==|!=) (0x[0-9a-f]{8})", RegexOptions.CultureInvariant);

    private static readonly string[] Ipv4Dependents = { "reject with tcp reset", "meta l4proto icmp ", "icmp type ", "ip dscp set ", "reject with icmp ", "ip saddr ", "ip daddr ", "ip protocol ", " ip to " };

    private static readonly string[] Ipv6Dependents = { "reject with tcp reset", "meta l4proto ipv6-icmp ", "icmpv6 type ", "ip6 dscp set ", "reject with icmpv6 ", "ip6 saddr ", "ip6 daddr ", " ip6 to " };

    /// <summary>Drops a leading `meta nfproto F ` when a later expression or statement of the rule depends on family F (item 3).</summary>
    private static string WithoutImpliedFamily(string line, string family, string[] dependents)
    {
        string pin = "meta nfproto " + family + " ";
        if (!line.StartsWith(pin, StringComparison.Ordinal))
        {
            return line;
        }

        string rest = line.Substring(pin.Length);
        foreach (string dependent in dependents)
        {
            int at = rest.IndexOf(dependent, StringComparison.Ordinal);
            if (at >= 0 && rest.Take(at).Count(c => c == '"') % 2 == 0 && !rest.Substring(0, at).Contains("limit rate ", StringComparison.Ordinal))
            {
                return rest;
            }
        }

        return line;
    }

    /// <summary>Drops `meta l4proto P ` when a later match of the rule depends on P with no `limit` between (item 4).</summary>
    private static string WithoutImpliedProtocol(string line)
    {
        Match m = ProtocolTest.Match(line);
        while (m.Success && line.Take(m.Index).Count(c => c == '"') % 2 != 0)
        {
            m = m.NextMatch();
        }

        if (!m.Success)
        {
            return line;
        }

        string protocol = m.Groups[1].Value;
        string rest = line.Substring(m.Index + m.Length);
        string[] dependents = protocol == "ipv6-icmp" ? new[] { "icmpv6 type " } : new[] { protocol + " sport ", protocol + " dport " };
        int at = dependents.Select(d => rest.IndexOf(d, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (at < 0 || rest.Substring(0, at).Contains("limit rate ", StringComparison.Ordinal))
        {
            return line;
        }

        return line.Substring(0, m.Index) + rest;
    }

    /// <summary>True when the brace at <paramref name="open"/> closes before another opens: a set's elements, not a set's declaration.</summary>
    private static bool Innermost(string line, int open)
    {
        for (int j = open + 1; j < line.Length; j++)
        {
            if (line[j] == '"')
            {
                j = line.IndexOf('"', j + 1);
            }
            else if (line[j] == '{')
            {
                return false;
            }
            else if (line[j] == '}')
            {
                return true;
            }
        }
        return true;
    }

    /// <summary>`{ b, a }` → `{ a, b }` for the innermost braces, outside quoted strings; "a, b" inside a comment stays one element.</summary>
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
            if (c != '{' || !Innermost(line, i))
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
