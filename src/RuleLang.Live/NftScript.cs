using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace RuleLang.Live;

/// <summary>
/// What an nft script replaces, read from the script itself. apply snapshots and rolls back exactly the tables a
/// script declares, so a script may hold nothing else at its top level: `table F N [{ … }]` and `delete table F N`
/// (the idiom the nft back end writes: declare, delete, load anew). Anything else there (`flush ruleset`,
/// `add rule …`, `include`) could change what no snapshot holds, and is refused.
/// </summary>
public static class NftScript
{
    private static readonly string[] Families = { "ip", "ip6", "inet", "arp", "bridge", "netdev" };
    private static readonly Regex TableStatement = new(
        @"^(?:(?<delete>delete|destroy|flush)\s+)?table\s+(?<family>[a-z0-9]+)\s+(?<name>[A-Za-z0-9_.\-]+)$", RegexOptions.CultureInvariant);

    /// <summary>The tables the script declares, in order of first mention.</summary>
    /// <exception cref="NftScriptException">A top-level statement that is not a table's, or an unbalanced brace.</exception>
    public static IReadOnlyList<NftTable> DeclaredTables(string script)
    {
        var tables = new List<NftTable>();
        foreach (var (statement, line) in TopLevelStatements(script))
        {
            var match = TableStatement.Match(statement);
            if (!match.Success || !Families.Contains(match.Groups["family"].Value))
            {
                throw new NftScriptException(line, $"'{Shorten(statement)}' is not a table declaration; rulelang replaces only the tables a script declares (table FAMILY NAME {{ … }}, delete table FAMILY NAME)");
            }
            var table = new NftTable(match.Groups["family"].Value, match.Groups["name"].Value);
            if (!tables.Contains(table))
            {
                tables.Add(table);
            }
        }
        if (tables.Count == 0)
        {
            throw new NftScriptException(1, "the script declares no table");
        }
        return tables;
    }

    /// <summary>
    /// The script's statements at brace depth 0 (a table's body cut off at its `{`), with their line numbers.
    /// Comments (`#` to the end of the line) and quoted strings are skipped, so neither can hide a brace.
    /// </summary>
    private static IEnumerable<(string Statement, int Line)> TopLevelStatements(string script)
    {
        var current = new StringBuilder();
        int depth = 0, line = 1, startLine = 1;
        bool inString = false, inComment = false;
        foreach (char c in script)
        {
            if (c == '\n')
            {
                line++;
                inComment = false;
                if (inString)
                {
                    throw new NftScriptException(line - 1, "a quoted string is not closed on its line");
                }
            }
            if (inComment)
            {
                continue;
            }
            if (inString)
            {
                inString = c != '"';
                continue;
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    continue;
                case '#':
                    inComment = true;
                    continue;
                case '{':
                    if (depth++ == 0)
                    {
                        (string done, int at) = (current.ToString().Trim(), startLine);
                        current.Clear();
                        if (done.Length > 0)
                        {
                            yield return (done, at);
                        }
                    }
                    continue;
                case '}':
                    if (--depth < 0)
                    {
                        throw new NftScriptException(line, "'}' without its '{'");
                    }
                    continue;
            }
            if (depth > 0)
            {
                continue;
            }
            if (c is '\n' or ';')
            {
                string done = current.ToString().Trim();
                current.Clear();
                if (done.Length > 0)
                {
                    yield return (Regex.Replace(done, @"\s+", " "), startLine);
                }
                continue;
            }
            if (current.Length == 0 && char.IsWhiteSpace(c))
            {
                continue;
            }
            if (current.Length == 0)
            {
                startLine = line;
            }
            current.Append(c);
        }
        if (depth != 0)
        {
            throw new NftScriptException(line, "a '{' is not closed");
        }
        string last = current.ToString().Trim();
        if (last.Length > 0)
        {
            yield return (Regex.Replace(last, @"\s+", " "), startLine);
        }
    }

    private static string Shorten(string statement) => statement.Length <= 60 ? statement : statement.Substring(0, 60) + "…";

    /// <summary>The script to put the tables back as they were: each declared and deleted, and the ones that existed loaded from their listing.</summary>
    public static string RestoreScript(IEnumerable<NftTableSnapshot> tables)
    {
        var script = new StringBuilder("# rulelang rollback: the tables as they were before apply\n");
        foreach (var snapshot in tables)
        {
            script.Append("table ").Append(snapshot.Table).Append('\n');
            script.Append("delete table ").Append(snapshot.Table).Append('\n');
            if (snapshot.Listing is { } listing)
            {
                script.Append(listing.TrimEnd('\n')).Append('\n');
            }
        }
        return script.ToString();
    }

    /// <summary>The tables `nft list tables` prints ("table inet web-server" a line).</summary>
    public static IReadOnlyList<NftTable> ListedTables(string listing) =>
        listing.Split('\n').Select(l => TableStatement.Match(l.Trim()))
            .Where(m => m.Success && !m.Groups["delete"].Success)
            .Select(m => new NftTable(m.Groups["family"].Value, m.Groups["name"].Value)).ToArray();
}
