using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RuleLang.Model;
using RuleLang.Model.Diagnostics;
using RuleLang.Model.Netfilter;
using RuleLang.Model.Values;

namespace RuleLang.Importers.Iptables;

/// <summary>
/// Reads one iptables-save / iptables-restore text section by section, the way iptables-restore applies it:
/// <c>*table</c> starts a table (flushed: a second section for the same table replaces the first), <c>:CHAIN
/// POLICY [p:b]</c> declares, rule lines with or without <c>[p:b]</c> counters append or insert, the restore
/// commands iptables-restore accepts (-N, -P, -F, -X, -Z) act on the drafts, <c>COMMIT</c> ends the table.
/// Behaviour was checked against iptables-restore 1.8.9 in a network namespace (see the import tests).
/// </summary>
internal sealed class DumpFileReader
{
    private readonly DumpSource _source;
    private readonly List<PolicyDiagnostic> _diagnostics;
    private readonly List<UnimportedLine> _unimported;
    private readonly List<TableDraft> _tables = new();
    private TableDraft? _current;
    private int _lineNumber;

    public DumpFileReader(DumpSource source, List<PolicyDiagnostic> diagnostics, List<UnimportedLine> unimported)
    {
        _source = source;
        _diagnostics = diagnostics;
        _unimported = unimported;
    }

    public IReadOnlyList<Table> Read()
    {
        string[] lines = _source.Text.Split('\n');
        int count = lines.Length > 0 && lines[lines.Length - 1].Length == 0 ? lines.Length - 1 : lines.Length;
        for (int i = 0; i < count; i++)
        {
            _lineNumber = i + 1;
            ReadLine(lines[i].TrimEnd('\r'));
        }
        if (_current is { Committed: false } && !_ignoring)
        {
            Malformed(_current.Location, $"table {NetfilterFacts.TableName(_current.Kind)} has no COMMIT", "iptables-restore refuses a section that does not end with COMMIT; add it (the rules read so far are kept)");
        }
        if (_tables.Count == 0)
        {
            Malformed(At(1), "the dump has no table", "a dump starts each table with a line such as *filter");
        }
        return _tables.OrderBy(t => t.Kind).Select(t => t.ToModel()).ToArray();
    }

    private void ReadLine(string line)
    {
        // iptables-restore skips empty lines and lines starting with '#'; anything else is a command.
        if (line.Trim().Length == 0 || line[0] == '#')
        {
            return;
        }
        if (line[0] == '*')
        {
            StartTable(line);
            return;
        }
        if (line.Trim() == "COMMIT")
        {
            if (_current is null)
            {
                Malformed(At(1), "COMMIT outside a table", "each COMMIT ends the section a *table line started");
            }
            else
            {
                _current.Committed = true;
                _current = null;
                _ignoring = false;
            }
            return;
        }
        if (_current is null)
        {
            Malformed(At(1), $"'{Shorten(line)}' is outside a table", "put it between a *table line and its COMMIT");
            _unimported.Add(new UnimportedLine(At(1), null, null, line));
            return;
        }
        if (line[0] == ':')
        {
            DeclareChain(line);
            return;
        }
        int column = 1;
        string command = line;
        if (line[0] == '[')
        {
            // iptables-save -c prints the counters first; they are state, not policy, and are left out.
            int close = line.IndexOf(']');
            if (close < 0 || !IsCounters(line.Substring(1, close - 1)))
            {
                Malformed(At(1), $"'{Shorten(line)}' starts with '[' but no [packets:bytes] counters", "counters are two numbers, as [0:0]");
                _unimported.Add(new UnimportedLine(At(1), _current.Kind, null, line));
                return;
            }
            column = close + 2;
            while (column <= line.Length && line[column - 1] is ' ' or '\t')
            {
                column++;
            }
            command = line.Substring(column - 1);
        }
        ReadCommand(command, column);
    }

    private void StartTable(string line)
    {
        if (_current is { Committed: false } && !_ignoring)
        {
            Malformed(At(1), $"table {NetfilterFacts.TableName(_current.Kind)} has no COMMIT before this table", "end each table with COMMIT (the rules read so far are kept)");
        }
        _current = null;
        string name = line.Substring(1).Trim();
        TableKind? kind = name switch
        {
            "raw" => TableKind.Raw,
            "mangle" => TableKind.Mangle,
            "nat" => TableKind.Nat,
            "filter" => TableKind.Filter,
            "security" => TableKind.Security,
            _ => null,
        };
        if (kind is not { } table)
        {
            Malformed(At(2), $"table '{name}'", "the tables are raw, mangle, nat, filter and security; the lines up to its COMMIT are left out");
            // A stand-in nobody keeps: the lines up to COMMIT are listed as not imported.
            _current = new TableDraft(TableKind.Filter, At(1));
            _ignoring = true;
            return;
        }
        _ignoring = false;
        int earlier = _tables.FindIndex(t => t.Kind == table);
        if (earlier >= 0)
        {
            Malformed(At(1), $"table {name} appears a second time", "iptables-restore flushes the table again, so only this section counts; merge the two sections");
            _tables.RemoveAt(earlier);
        }
        _current = new TableDraft(table, At(1));
        _tables.Add(_current);
    }

    private bool _ignoring;

    private void DeclareChain(string line)
    {
        if (Ignored(line))
        {
            return;
        }
        var table = _current!;
        IptablesTokenizer.TryTokenize(line.Substring(1), out var tokens, out _);
        if (tokens.Count < 2 || tokens.Count > 3 || (tokens.Count == 3 && !IsBracketedCounters(tokens[2].Text)))
        {
            Malformed(At(1), $"'{Shorten(line)}' is not a chain declaration", "declare a chain as :NAME POLICY [packets:bytes], with - as the policy of a user chain");
            _unimported.Add(new UnimportedLine(At(1), table.Kind, null, line));
            return;
        }
        string name = tokens[0].Text;
        var policyToken = tokens[1];
        var location = At(1);
        bool builtin = NetfilterFacts.TryParseHook(name, out var hook) && NetfilterFacts.HasBuiltinChain(table.Kind, hook);
        if (builtin)
        {
            var chain = table.Find(name)!;
            if (policyToken.Text is "ACCEPT" or "DROP")
            {
                chain.Policy = policyToken.Text == "ACCEPT" ? Verdict.Accept : Verdict.Drop;
                chain.Location = location;
            }
            else
            {
                Malformed(At(policyToken.Column + 1), $"policy '{policyToken.Text}' of built-in chain {name}", "a built-in chain's policy is ACCEPT or DROP (a '-' would leave whatever the kernel has, which a policy cannot know)");
                _unimported.Add(new UnimportedLine(location, table.Kind, name, line));
            }
            return;
        }
        if (table.Find(name) is not null)
        {
            Malformed(location, $"chain {name} is declared twice in table {NetfilterFacts.TableName(table.Kind)}", "iptables-restore refuses this; keep one declaration");
            return;
        }
        // A user chain's policy is '-'. Another word is kept on the chain so that the checker reports it (RL1103).
        Verdict? policy = policyToken.Text switch
        {
            "ACCEPT" => Verdict.Accept,
            "DROP" => Verdict.Drop,
            _ => null,
        };
        if (policy is null && policyToken.Text != "-")
        {
            Malformed(At(policyToken.Column + 1), $"policy '{policyToken.Text}' of user chain {name}", "a user chain has no policy; write -");
        }
        table.Chains.Add(new ChainDraft(name, null, policy, location));
    }

    private void ReadCommand(string command, int column)
    {
        var table = _current!;
        string line = command;
        if (Ignored(line))
        {
            return;
        }
        IptablesTokenizer.TryTokenize(command, out var tokens, out _);
        string first = tokens.Count > 0 ? tokens[0].Text : "";
        switch (first)
        {
            case "-N":
            case "--new-chain":
                NewChain(tokens, column, command);
                return;
            case "-P":
            case "--policy":
                SetPolicy(tokens, column, command);
                return;
            case "-F":
            case "--flush":
                Flush(tokens, column, command);
                return;
            case "-X":
            case "--delete-chain":
                DeleteChain(tokens, column, command);
                return;
            case "-Z":
            case "--zero":
                // Zeroing counters changes no rule.
                return;
        }
        var location = new SourceLocation(_source.Path, _lineNumber, column);
        var parsed = IptablesRuleParser.ParseRule(command, table.Kind, location, _source.Family);
        var diagnostics = parsed.Diagnostics.ToList();
        var tableOption = tokens.FirstOrDefault(t => !t.Quoted && t.Text is "-t" or "--table");
        if (tableOption.Text is not null)
        {
            diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.MalformedDump, At(column + tableOption.Column - 1), "-t in a dump line", "iptables-restore refuses it, the *table line names the table; remove -t"));
        }
        var chain = parsed.Chain.Length > 0 ? table.Find(parsed.Chain) : null;
        if (parsed.Rule is not null && !diagnostics.Any(d => d.IsError) && chain is null)
        {
            diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.MalformedDump, location, $"chain {parsed.Chain} is not declared in table {NetfilterFacts.TableName(table.Kind)}", $"iptables-restore refuses a rule for a missing chain; declare it with :{parsed.Chain} - [0:0]"));
        }
        int index = 0;
        if (chain is not null && parsed.Rule is not null && !diagnostics.Any(d => d.IsError))
        {
            index = parsed.IsInsert ? (parsed.InsertPosition ?? 1) - 1 : chain.Rules.Count;
            if (index > chain.Rules.Count)
            {
                diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.MalformedDump, location, $"rule number {index + 1} in chain {chain.Name}, which has {chain.Rules.Count} rules here", "iptables-restore refuses to insert past the end; insert at 1 to " + (chain.Rules.Count + 1).ToString(CultureInfo.InvariantCulture)));
            }
        }
        _diagnostics.AddRange(diagnostics);
        if (diagnostics.Any(d => d.IsError) || parsed.Rule is null || chain is null)
        {
            _unimported.Add(new UnimportedLine(location, table.Kind, parsed.Chain.Length > 0 ? parsed.Chain : null, command));
            return;
        }
        chain.Rules.Insert(index, parsed.Rule);
    }

    private void NewChain(IReadOnlyList<IptablesToken> tokens, int column, string command)
    {
        var table = _current!;
        if (tokens.Count != 2)
        {
            Unimported(column, command, "-N takes one chain name", "write -N NAME");
            return;
        }
        string name = tokens[1].Text;
        if (table.Find(name) is not null)
        {
            Unimported(column, command, $"chain {name} already exists", "iptables-restore refuses to create it again");
            return;
        }
        table.Chains.Add(new ChainDraft(name, null, null, At(column)));
    }

    private void SetPolicy(IReadOnlyList<IptablesToken> tokens, int column, string command)
    {
        var table = _current!;
        if (tokens.Count != 3)
        {
            Unimported(column, command, "-P takes a chain and a policy", "write -P INPUT DROP");
            return;
        }
        var chain = table.Find(tokens[1].Text);
        if (chain is not { Hook: not null })
        {
            Unimported(column, command, $"-P {tokens[1].Text}", $"table {NetfilterFacts.TableName(table.Kind)} has no built-in chain of that name, and only built-in chains have a policy");
            return;
        }
        if (tokens[2].Text is not ("ACCEPT" or "DROP"))
        {
            Unimported(column, command, $"policy '{tokens[2].Text}'", "a built-in chain's policy is ACCEPT or DROP");
            return;
        }
        chain.Policy = tokens[2].Text == "ACCEPT" ? Verdict.Accept : Verdict.Drop;
        chain.Location = At(column);
    }

    private void Flush(IReadOnlyList<IptablesToken> tokens, int column, string command)
    {
        var table = _current!;
        if (tokens.Count == 1)
        {
            table.Chains.ForEach(c => c.Rules.Clear());
            return;
        }
        if (tokens.Count == 2 && table.Find(tokens[1].Text) is { } chain)
        {
            chain.Rules.Clear();
            return;
        }
        Unimported(column, command, tokens.Count == 2 ? $"chain {tokens[1].Text} does not exist" : "-F takes at most one chain", "iptables-restore refuses this line");
    }

    private void DeleteChain(IReadOnlyList<IptablesToken> tokens, int column, string command)
    {
        var table = _current!;
        var doomed = tokens.Count == 1
            ? table.Chains.Where(c => c.Hook is null).ToList()
            : tokens.Count == 2 && table.Find(tokens[1].Text) is { Hook: null } one ? new List<ChainDraft> { one } : null;
        if (doomed is null)
        {
            Unimported(column, command, tokens.Count == 2 ? $"-X {tokens[1].Text}" : "-X takes at most one chain", "there is no such user chain");
            return;
        }
        var names = new HashSet<string>(doomed.Select(c => c.Name), StringComparer.Ordinal);
        if (doomed.Any(c => c.Rules.Count > 0)
            || table.Chains.Where(c => !names.Contains(c.Name)).SelectMany(c => c.Rules).Any(r => r.Target is Model.Targets.JumpTarget j && names.Contains(j.Chain)))
        {
            Unimported(column, command, "a chain to delete still has rules or is jumped to", "iptables-restore refuses to delete it; flush it and remove the jumps first");
            return;
        }
        table.Chains.RemoveAll(c => names.Contains(c.Name));
    }

    private bool Ignored(string line)
    {
        if (!_ignoring)
        {
            return false;
        }
        _unimported.Add(new UnimportedLine(At(1), null, null, line));
        return true;
    }

    private void Unimported(int column, string command, string what, string why)
    {
        Malformed(At(column), what, why);
        _unimported.Add(new UnimportedLine(At(column), _current!.Kind, null, command));
    }

    private void Malformed(SourceLocation location, string what, string why) =>
        _diagnostics.Add(PolicyDiagnostic.Create(DiagnosticCatalog.MalformedDump, location, what, why));

    private SourceLocation At(int column) => new(_source.Path, _lineNumber, column);

    private static bool IsBracketedCounters(string text) =>
        text.Length >= 2 && text[0] == '[' && text[text.Length - 1] == ']' && IsCounters(text.Substring(1, text.Length - 2));

    private static bool IsCounters(string text)
    {
        int colon = text.IndexOf(':');
        return colon > 0 && colon < text.Length - 1 && text.Remove(colon, 1).All(c => c >= '0' && c <= '9');
    }

    private static string Shorten(string line) => line.Length <= 60 ? line : line.Substring(0, 57) + "...";
}
