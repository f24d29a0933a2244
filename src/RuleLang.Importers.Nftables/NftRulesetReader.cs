using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RuleLang.Importers.Iptables;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;

namespace RuleLang.Importers.Nftables;

/// <summary>
/// Reads the block structure of `nft list ruleset` output (or an `nft -f` script of the same shape): tables,
/// their chains, each chain's base-chain line and rule lines. A rule whose set spans lines is joined into one
/// line. Blocks the model has no place for (named sets, maps, flowtables, stateful objects) and lines outside
/// any block are listed as not imported, line by line, and reported once at their first line.
/// </summary>
internal sealed class NftRulesetReader
{
    private readonly string _path;
    private readonly List<PolicyDiagnostic> _diagnostics;
    private readonly List<UnimportedLine> _unimported;
    private readonly List<NftTableText> _tables = new();
    private NftTableText? _table;
    private NftChainText? _chain;
    private int _skipDepth;
    private List<NftToken>? _pending;
    private NftLine? _pendingStart;
    private int _pendingDepth;

    public NftRulesetReader(string path, List<PolicyDiagnostic> diagnostics, List<UnimportedLine> unimported)
    {
        _path = path;
        _diagnostics = diagnostics;
        _unimported = unimported;
    }

    public IReadOnlyList<NftTableText> Read(string text)
    {
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string raw = lines[i].TrimEnd('\r');
            string trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }
            var location = new SourceLocation(_path, i + 1, raw.Length - raw.TrimStart().Length + 1);
            if (!NftTokenizer.TryTokenize(raw, out var tokens, out int quote))
            {
                Malformed(location with { Column = quote }, "a '\"' that is never closed", "nft ends a string at the next '\"' on the same line; the line is left out");
                _unimported.Add(new UnimportedLine(location, null, _chain?.Name, trimmed));
                continue;
            }
            if (tokens.Count > 0)
            {
                ReadLine(new NftLine(location, trimmed, tokens));
            }
        }
        if (_pending is not null)
        {
            Malformed(_pendingStart!.Location, "a rule whose '{' is never closed", "close the set with '}'");
            _unimported.Add(new UnimportedLine(_pendingStart.Location, null, _chain?.Name, _pendingStart.Text));
        }
        if (_table is not null)
        {
            Malformed(_table.Location, $"table {_table.Family} {_table.Name} is never closed", "end the table block with '}' (the chains read so far are kept)");
        }
        if (_tables.Count == 0)
        {
            Malformed(new SourceLocation(_path, 1, 1), "the ruleset has no table", "`nft list ruleset` prints each table as a block: table inet NAME { … }");
        }
        return _tables;
    }

    private void ReadLine(NftLine line)
    {
        var tokens = line.Tokens;
        int depth = tokens.Count(t => t.Is("{")) - tokens.Count(t => t.Is("}"));
        if (_pending is not null)
        {
            _pending.AddRange(tokens);
            _pendingDepth += depth;
            if (_pendingDepth <= 0)
            {
                _chain!.Rules.Add(_pendingStart! with { Tokens = _pending.ToArray() });
                _pending = null;
            }
            return;
        }
        if (_skipDepth > 0)
        {
            _unimported.Add(new UnimportedLine(line.Location, null, null, line.Text));
            _skipDepth += depth;
            return;
        }
        if (_chain is not null)
        {
            ReadChainLine(line, depth);
        }
        else if (_table is not null)
        {
            ReadTableLine(line, depth);
        }
        else
        {
            ReadTopLine(line);
        }
    }

    private void ReadTopLine(NftLine line)
    {
        var t = line.Tokens;
        if (t.Count == 4 && t[0].Is("table") && t[3].Is("{") && Names(t[1], t[2]))
        {
            _table = _tables.FirstOrDefault(x => x.Family == t[1].Text && x.Name == t[2].Text);
            if (_table is null)
            {
                _table = new NftTableText(t[1].Text, t[2].Text, line.Location);
                _tables.Add(_table);
            }
            return;
        }
        if (t.Count == 3 && t[0].Is("table") && Names(t[1], t[2]))
        {
            // Declares the table (a no-op when it exists), as RuleLang's own scripts begin: no rule in it.
            return;
        }
        if (t.Count == 4 && t[0].Is("delete") && t[1].Is("table") && Names(t[2], t[3]))
        {
            // The script replaces what came before it: a table read earlier in the same file is gone.
            _tables.RemoveAll(x => x.Family == t[2].Text && x.Name == t[3].Text);
            return;
        }
        if (t.Count == 2 && t[0].Is("flush") && t[1].Is("ruleset"))
        {
            _tables.Clear();
            return;
        }
        NotImported(line, DiagnosticCatalog.MalformedNftRuleset, $"'{Shorten(line.Text)}' is outside a table block", "`nft list ruleset` prints rules only inside table { chain { … } } blocks");
    }

    private void ReadTableLine(NftLine line, int depth)
    {
        var t = line.Tokens;
        if (t.Count == 1 && t[0].Is("}"))
        {
            _table = null;
            return;
        }
        if (t.Count == 3 && t[0].Is("chain") && t[2].Is("{") && IsName(t[1]))
        {
            _chain = _table!.Chains.FirstOrDefault(c => c.Name == t[1].Text);
            if (_chain is null)
            {
                _chain = new NftChainText(t[1].Text, line.Location) { Header = line };
                _table.Chains.Add(_chain);
            }
            return;
        }
        if (t.Count >= 2 && t[0].Is("chain") && !IsName(t[1]))
        {
            SkipBlock(line, depth, DiagnosticCatalog.MalformedNftRuleset, $"chain name '{t[1].Text}'", "a chain name is a bare word of letters, digits and _ - . / starting with a letter or _; the whole chain is left out");
            return;
        }
        string what = t.Count >= 2 ? t[0].Text + " " + t[1].Text : t[0].Text;
        SkipBlock(line, depth, DiagnosticCatalog.UnsupportedNftStatement, $"'{Shorten(what)}' in table {_table!.Family} {_table.Name}",
            t[0].Text switch
            {
                "set" or "map" => "the nft import does not read named sets or maps yet; the block is left out, and so is every rule that refers to it",
                "flags" => "the model has no table flags",
                _ => "the model holds a table's chains only",
            });
    }

    private void ReadChainLine(NftLine line, int depth)
    {
        var t = line.Tokens;
        if (t.Count == 1 && t[0].Is("}"))
        {
            _chain = null;
            return;
        }
        if (t[0].Is("type") || t[0].Is("policy"))
        {
            ReadBaseChainLine(line);
            return;
        }
        if (t[0].Is("comment") || t[0].Is("devices") || t[0].Is("device"))
        {
            NotImported(line, DiagnosticCatalog.UnsupportedNftStatement, $"chain {t[0].Text}", "the model's chains have no comment or device; the chain's rules are imported");
            return;
        }
        if (depth > 0)
        {
            _pending = new List<NftToken>(t);
            _pendingStart = line;
            _pendingDepth = depth;
            return;
        }
        _chain!.Rules.Add(line);
    }

    /// <summary>`type filter hook input priority filter; policy drop;`: each part up to ';' on its own.</summary>
    private void ReadBaseChainLine(NftLine line)
    {
        var chain = _chain!;
        string? type = chain.Base?.Type, hook = chain.Base?.Hook, priorityText = chain.Base?.PriorityText, policy = chain.Base?.Policy ?? "accept";
        int priority = chain.Base?.Priority ?? 0;
        foreach (var part in Split(line.Tokens))
        {
            if (part.Count == 0)
            {
                continue;
            }
            if (part.Count >= 6 && part[0].Is("type") && part[2].Is("hook") && part[4].Is("priority")
                && TryPriority(part.Skip(5).Select(p => p.Text).ToArray(), out priority))
            {
                type = part[1].Text;
                hook = part[3].Text;
                priorityText = string.Join(" ", part.Skip(5).Select(p => p.Text));
                continue;
            }
            if (part.Count == 2 && part[0].Is("policy") && (part[1].Is("accept") || part[1].Is("drop")))
            {
                policy = part[1].Text;
                continue;
            }
            Malformed(line.Location with { Column = part[0].Column }, $"'{Shorten(string.Join(" ", part.Select(p => p.Text)))}' in chain {chain.Name}",
                "a base chain is declared as `type filter hook input priority filter; policy drop;`, with a priority that is a number or a standard name plus or minus a number; the chain is left out");
            chain.Base = null;
            chain.Declarations.Add(line);
            _chain = null;
            _skipDepth = 1;
            _unimported.Add(new UnimportedLine(line.Location, null, null, line.Text));
            ListAsNotImported(chain);
            _table!.Chains.Remove(chain);
            return;
        }
        if (type is null || hook is null || priorityText is null)
        {
            Malformed(line.Location, $"chain {chain.Name} has a policy but no type, hook and priority", "declare the hook on the same line: type filter hook input priority filter; policy drop;");
            _unimported.Add(new UnimportedLine(line.Location, null, null, line.Text));
            return;
        }
        chain.Base = new NftBaseChainSpec(type, hook, priority, priorityText, policy, line.Location);
    }

    /// <summary>The standard priority names of the ip, ip6 and inet families, as nft defines them.</summary>
    private static readonly Dictionary<string, int> PriorityNames = new(StringComparer.Ordinal)
    {
        ["raw"] = -300, ["mangle"] = -150, ["dstnat"] = -100, ["filter"] = 0, ["security"] = 50, ["srcnat"] = 100,
    };

    private static bool TryPriority(string[] words, out int priority)
    {
        priority = 0;
        if (words.Length == 0 || !(PriorityNames.TryGetValue(words[0], out priority) || int.TryParse(words[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out priority)))
        {
            return false;
        }
        if (words.Length == 1)
        {
            return true;
        }
        if (words.Length == 3 && words[1] is "+" or "-" && int.TryParse(words[2], NumberStyles.None, CultureInfo.InvariantCulture, out int offset))
        {
            priority += words[1] == "+" ? offset : -offset;
            return true;
        }
        return false;
    }

    private static IEnumerable<List<NftToken>> Split(IReadOnlyList<NftToken> tokens)
    {
        var part = new List<NftToken>();
        foreach (var token in tokens)
        {
            if (token.Is(";"))
            {
                yield return part;
                part = new List<NftToken>();
            }
            else
            {
                part.Add(token);
            }
        }
        yield return part;
    }

    /// <summary>Every line read so far of a chain that is dropped whole, so none is lost.</summary>
    private void ListAsNotImported(NftChainText chain)
    {
        if (chain.Header is { } header)
        {
            _unimported.Add(new UnimportedLine(header.Location, null, null, header.Text));
        }
        foreach (var rule in chain.Rules)
        {
            _unimported.Add(new UnimportedLine(rule.Location, null, null, rule.Text));
        }
    }

    private void SkipBlock(NftLine line, int depth, DiagnosticDescriptor descriptor, string what, string why)
    {
        NotImported(line, descriptor, what, why);
        _skipDepth = Math.Max(0, depth);
    }

    private void NotImported(NftLine line, DiagnosticDescriptor descriptor, string what, string why)
    {
        _diagnostics.Add(PolicyDiagnostic.Create(descriptor, line.Location, what, why));
        _unimported.Add(new UnimportedLine(line.Location, null, null, line.Text));
    }

    private void Malformed(SourceLocation location, string what, string why) =>
        _diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.MalformedNftRuleset, location, what, why));

    private static bool Names(NftToken family, NftToken name) => IsName(family) && IsName(name);

    /// <summary>nft's bare identifier: a letter or '_', then letters, digits, '_', '-', '.', '/'. A quoted name is refused.</summary>
    internal static bool IsName(NftToken token)
    {
        string text = token.Text;
        if (token.Quoted || text.Length == 0 || !(char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }
        foreach (char c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/'))
            {
                return false;
            }
        }
        return true;
    }

    internal static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";
}
